import { describe, expect, it } from 'vitest';
import { serverUrl } from './api-client';
import { UsageError } from './cli-errors';

describe('serverUrl', () => {
  it('takes the server root with or without a trailing slash or /api', () => {
    for (const value of ['http://localhost:8080', 'http://localhost:8080/', 'http://localhost:8080/api/']) {
      expect(serverUrl(value).href).toBe('http://localhost:8080/');
    }
    expect(serverUrl('https://bts.example.com/console/').href).toBe('https://bts.example.com/console');
  });

  it('refuses what is not an http or https URL, as a usage error', () => {
    expect(() => serverUrl('localhost:8080')).toThrow(UsageError);
    expect(() => serverUrl('not a url')).toThrow("'not a url' is not a URL");
  });
});
