import { describe, expect, it } from 'vitest';
import type { KnownCertificate } from './certificate-assignment';
import {
  decideCertificateReplacement,
  portsChangedSincePreview,
  portsEtag,
  type CertificateReplacementFacts,
} from './certificate-replacement';

const NOW = new Date('2026-11-25T12:00:00.000Z');
const SUCCESSOR: KnownCertificate = {
  thumbprint: 'B909502DD82AE41433E6F83886B00D4277A32A7B',
  subjectCommonName: 'Contoso AS2 Encryption 2027',
  notBefore: '2026-01-01T00:00:00.000Z',
  notAfter: '2028-01-01T00:00:00.000Z',
  keyUsage: ['keyEncipherment'],
};

function facts(overrides: Partial<CertificateReplacementFacts> = {}): CertificateReplacementFacts {
  return {
    successorThumbprint: SUCCESSOR.thumbprint,
    successor: SUCCESSOR,
    holders: ['ADMIN01', 'BTS01'],
    ports: [
      { name: 'SP.One', application: 'Contoso', etag: '"3"', processingServers: ['BTS01'] },
      { name: 'SP.Two', application: 'Contoso', etag: '"5"', processingServers: ['BTS01', 'BTS02'] },
    ],
    acknowledge: {},
    now: NOW,
    expiringWithinDays: 30,
    ...overrides,
  };
}

describe('decideCertificateReplacement (DESIGN §12)', () => {
  it('decides each port by its own processing servers, and names the acknowledgement needed', () => {
    const decision = decideCertificateReplacement(facts());
    expect(decision.ok).toBe(false);
    expect(decision.ports.map((port) => [port.name, port.outcome])).toEqual([
      ['SP.One', 'ready'],
      ['SP.Two', 'acknowledgement-needed'],
    ]);
    expect(decision.ports[1]?.reason).toMatchObject({
      code: 'certificate-missing-on-servers',
      servers: ['BTS02'],
    });
    expect(decision.ports[1]?.processingServers).toEqual([
      { name: 'BTS01', successorPresent: true },
      { name: 'BTS02', successorPresent: false },
    ]);
  });

  it('accepts every port once each acknowledges exactly its missing servers, port names in any case', () => {
    const decision = decideCertificateReplacement(
      facts({ acknowledge: { missingOn: { 'sp.two': ['bts02'] } } }),
    );
    expect(decision.ok).toBe(true);
    expect(decision.ports[1]).toMatchObject({ outcome: 'ready', acknowledgedMissingOn: ['BTS02'] });
    expect(decision.ports[0]?.acknowledgedMissingOn).toEqual([]);
  });

  it('asks to acknowledge a successor that is not valid yet, and refuses an expired one outright', () => {
    const future = { ...SUCCESSOR, notBefore: '2026-12-02T00:00:00.000Z' };
    const notYet = decideCertificateReplacement(facts({ successor: future, holders: ['BTS01', 'BTS02'] }));
    expect(notYet.ports.map((port) => port.reason?.code)).toEqual([
      'certificate-not-yet-valid',
      'certificate-not-yet-valid',
    ]);
    expect(notYet.ports[0]).toMatchObject({
      outcome: 'acknowledgement-needed',
      reason: { notBefore: future.notBefore },
    });
    const acknowledged = decideCertificateReplacement(
      facts({ successor: future, holders: ['BTS01', 'BTS02'], acknowledge: { notYetValid: true } }),
    );
    expect(acknowledged.ok).toBe(true);
    const expired = decideCertificateReplacement(
      facts({
        successor: { ...SUCCESSOR, notAfter: '2026-11-01T00:00:00.000Z' },
        holders: ['BTS01', 'BTS02'],
      }),
    );
    expect(expired.ports.map((port) => port.outcome)).toEqual(['refused', 'refused']);
  });
});

describe('portsChangedSincePreview', () => {
  const etags = new Map([
    ['SP.One', '"4"'],
    ['SP.Gone.Elsewhere', '"9"'],
  ]);
  it('names the ports changed, no longer using the certificate, not previewed and gone', () => {
    expect(
      portsChangedSincePreview(
        [
          { name: 'sp.one', etag: '"3"' },
          { name: 'SP.Same', etag: '"1"' },
          { name: 'SP.Gone.Elsewhere', etag: '"8"' },
          { name: 'SP.Deleted', etag: '"2"' },
        ],
        [
          { name: 'SP.One', etag: '"4"' },
          { name: 'SP.Same', etag: '"1"' },
          { name: 'SP.New', etag: '"1"' },
        ],
        (name) => etags.get(name),
      ),
    ).toEqual([
      { name: 'SP.One', change: 'changed', etag: '"4"' },
      { name: 'SP.Gone.Elsewhere', change: 'no-longer-uses', etag: '"9"' },
      { name: 'SP.Deleted', change: 'not-found' },
      { name: 'SP.New', change: 'not-previewed', etag: '"1"' },
    ]);
  });

  it('finds nothing when the preview still holds', () => {
    expect(
      portsChangedSincePreview([{ name: 'A', etag: '"1"' }], [{ name: 'A', etag: '"1"' }], () => undefined),
    ).toEqual([]);
  });
});

describe('portsEtag', () => {
  it('ignores order and changes when any port changes, joins or leaves', () => {
    const a = { name: 'A', etag: '"1"' };
    const b = { name: 'B', etag: '"2"' };
    expect(portsEtag([a, b])).toBe(portsEtag([b, a]));
    expect(portsEtag([a, b])).not.toBe(portsEtag([a, { ...b, etag: '"3"' }]));
    expect(portsEtag([a, b])).not.toBe(portsEtag([a]));
    expect(portsEtag([a])).toMatch(/^W\/"1-[0-9a-f]{8}"$/);
  });
});
