import { describe, expect, it } from 'vitest';
import { pageSummary } from './store';

describe('store list page summary', () => {
  it('says the total of the whole store, and which page this is when it is not all of it', () => {
    expect(pageSummary(7, 7, 1, 100)).toBe('7 certificates');
    expect(pageSummary(1, 1, 1, 100)).toBe('1 certificate');
    expect(pageSummary(100, 2345, 2, 100)).toBe('Certificates 101-200 of 2345; next: --page 3');
    expect(pageSummary(45, 2345, 24, 100)).toBe('Certificates 2301-2345 of 2345');
    expect(pageSummary(0, 2345, 30, 100)).toBe(
      'No certificates on page 30: there are 2345 certificates, 24 pages of 100.',
    );
  });
});
