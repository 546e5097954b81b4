import { describe, expect, it } from 'vitest';
import { certificateHealth, healthChangesAt } from './certificate-health';

const DAY_MS = 86_400_000;
const validity = { notBefore: '2026-12-01T00:00:00.000Z', notAfter: '2027-03-01T00:00:00.000Z' };
const notBefore = Date.parse(validity.notBefore);
const notAfter = Date.parse(validity.notAfter);

describe('healthChangesAt', () => {
  it('names each moment the health changes: valid from, expiring from, expired from', () => {
    expect(healthChangesAt(validity, new Date(notBefore - 1))).toBe(notBefore);
    expect(healthChangesAt(validity, new Date(notBefore))).toBe(notAfter - 30 * DAY_MS);
    expect(healthChangesAt(validity, new Date(notAfter - 30 * DAY_MS))).toBe(notAfter);
    expect(healthChangesAt(validity, new Date(notAfter))).toBe(Infinity);
    expect(healthChangesAt(null, new Date(notBefore))).toBe(Infinity);
  });

  it('holds: the health is the same from any moment until the one it names, and differs there', () => {
    for (let at = notBefore - 3 * DAY_MS; at < notAfter + 3 * DAY_MS; at += DAY_MS / 4) {
      const now = new Date(at);
      const changes = healthChangesAt(validity, now);
      const health = certificateHealth(validity, 0, now);
      if (changes === Infinity) {
        expect(certificateHealth(validity, 0, new Date(at + 10_000 * DAY_MS))).toBe(health);
        continue;
      }
      expect(certificateHealth(validity, 0, new Date(changes - 1))).toBe(health);
      expect(certificateHealth(validity, 0, new Date(changes))).not.toBe(health);
    }
  });
});
