import { describe, expect, it } from 'vitest';
import { certificateHealth, daysLeftInWords, daysUntilExpiry, healthChangesAt } from './certificate-health';

const DAY_MS = 86_400_000;
const validity = { notBefore: '2026-12-01T00:00:00.000Z', notAfter: '2027-03-01T00:00:00.000Z' };
const notBefore = Date.parse(validity.notBefore);
const notAfter = Date.parse(validity.notAfter);

describe('healthChangesAt', () => {
  it('names each moment the health changes: valid from, expiring from, expired from', () => {
    expect(healthChangesAt(validity, new Date(notBefore - 1), 30)).toBe(notBefore);
    expect(healthChangesAt(validity, new Date(notBefore), 30)).toBe(notAfter - 30 * DAY_MS);
    expect(healthChangesAt(validity, new Date(notAfter - 30 * DAY_MS), 30)).toBe(notAfter);
    expect(healthChangesAt(validity, new Date(notAfter), 30)).toBe(Infinity);
    expect(healthChangesAt(null, new Date(notBefore), 30)).toBe(Infinity);
  });

  it('holds: the health is the same from any moment until the one it names, and differs there', () => {
    for (let at = notBefore - 3 * DAY_MS; at < notAfter + 3 * DAY_MS; at += DAY_MS / 4) {
      const now = new Date(at);
      const changes = healthChangesAt(validity, now, 30);
      const health = certificateHealth(validity, 0, now, 30);
      if (changes === Infinity) {
        expect(certificateHealth(validity, 0, new Date(at + 10_000 * DAY_MS), 30)).toBe(health);
        continue;
      }
      expect(certificateHealth(validity, 0, new Date(changes - 1), 30)).toBe(health);
      expect(certificateHealth(validity, 0, new Date(changes), 30)).not.toBe(health);
    }
  });
});

describe('daysUntilExpiry', () => {
  const now = new Date('2026-11-25T12:00:00.000Z');

  it('counts whole days only: part of a day left is not a day', () => {
    expect(daysUntilExpiry('2026-12-05T12:00:00.000Z', now)).toBe(10);
    expect(daysUntilExpiry('2026-12-05T11:59:59.999Z', now)).toBe(9);
    expect(daysUntilExpiry('2026-12-06T11:59:59.999Z', now)).toBe(10);
    expect(daysUntilExpiry('2026-11-26T00:00:00.000Z', now)).toBe(0);
    expect(daysUntilExpiry('2026-11-25T11:00:00.000Z', now)).toBe(-1);
  });

  it('says the count in the words every channel uses', () => {
    expect([0, 1, 2, 10].map(daysLeftInWords)).toEqual(['today', 'tomorrow', 'in 2 days', 'in 10 days']);
    expect(daysLeftInWords(daysUntilExpiry('2026-11-26T00:00:00.000Z', now))).toBe('today');
  });
});
