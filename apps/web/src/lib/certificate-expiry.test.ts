import { describe, expect, it } from 'vitest';
import { expiryHealth, formatDate, formatDateTime } from './certificate-expiry';

const now = Date.parse('2026-11-25T12:00:00Z');

describe('expiryHealth', () => {
  it('marks a certificate whose end has passed as expired, to the millisecond', () => {
    expect(expiryHealth('2026-11-25T12:00:00Z', undefined, 30, now)).toBe('expired');
    expect(expiryHealth('2026-11-25T12:00:00.001Z', undefined, 30, now)).toBe('expiring');
  });

  it('counts 30 days or fewer as expiring, and 31 as valid', () => {
    expect(expiryHealth('2026-12-25T12:00:00Z', undefined, 30, now)).toBe('expiring');
    expect(expiryHealth('2026-12-26T12:00:00Z', undefined, 30, now)).toBe('valid');
  });

  it('takes the first threshold it is given: 60 days calls 40 days left expiring, 7 days does not', () => {
    expect(expiryHealth('2027-01-04T12:00:00Z', undefined, 60, now)).toBe('expiring');
    expect(expiryHealth('2027-01-04T12:00:00Z', undefined, 7, now)).toBe('valid');
    expect(expiryHealth('2026-11-30T12:00:00Z', undefined, 7, now)).toBe('expiring');
  });

  it('reports a certificate that is not valid yet', () => {
    expect(expiryHealth('2028-01-01T00:00:00Z', '2026-12-01T00:00:00Z', 30, now)).toBe('not-yet-valid');
  });
});

describe('formatDate and formatDateTime', () => {
  const at = '2026-03-09T14:05:00Z';

  it('reads as the browser locale writes a medium date, with and without the time', () => {
    expect(formatDate(at)).toBe(new Date(at).toLocaleDateString(undefined, { dateStyle: 'medium' }));
    expect(formatDateTime(at)).toBe(
      new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }),
    );
  });

  it('shows nothing for a missing date', () => {
    expect(formatDate(null)).toBe('');
    expect(formatDateTime(undefined)).toBe('');
  });
});
