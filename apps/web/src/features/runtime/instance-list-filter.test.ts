import { describe, expect, it } from 'vitest';
import { instanceListTitle, parseInstanceStatusFilter } from './instance-list-filter';

describe('parseInstanceStatusFilter', () => {
  it('shows suspended instances when the URL names no status, or one that does not exist', () => {
    expect(parseInstanceStatusFilter(null)).toBe('Suspended (resumable)');
    expect(parseInstanceStatusFilter('')).toBe('Suspended (resumable)');
    expect(parseInstanceStatusFilter('Suspended')).toBe('Suspended (resumable)');
  });

  it('keeps a status the API knows, and all', () => {
    expect(parseInstanceStatusFilter('Delivered')).toBe('Delivered');
    expect(parseInstanceStatusFilter('Terminated')).toBe('Terminated');
    expect(parseInstanceStatusFilter('all')).toBe('all');
  });
});

describe('instanceListTitle', () => {
  it('names the default list as BizTalk does and the others by their status', () => {
    expect(instanceListTitle('Suspended (resumable)')).toBe('Suspended Instances');
    expect(instanceListTitle('Delivered')).toBe('Delivered Instances');
    expect(instanceListTitle('all')).toBe('Message Instances');
  });
});
