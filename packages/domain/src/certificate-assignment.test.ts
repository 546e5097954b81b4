import { describe, expect, it } from 'vitest';
import {
  decideCertificateAssignment,
  type CertificateAssignmentFacts,
  type KnownCertificate,
} from './certificate-assignment';

const NOW = new Date('2026-11-25T12:00:00.000Z');
const THUMBPRINT = 'A909502DD82AE41433E6F83886B00D4277A32A7B';
const VALID: KnownCertificate = {
  thumbprint: THUMBPRINT,
  subjectCommonName: 'Contoso AS2 Encryption',
  notBefore: '2026-01-01T00:00:00.000Z',
  notAfter: '2028-01-01T00:00:00.000Z',
  keyUsage: ['digitalSignature', 'keyEncipherment'],
};

function facts(overrides: Partial<CertificateAssignmentFacts> = {}): CertificateAssignmentFacts {
  return {
    port: { name: 'SP.Orders.AS2', processingServers: ['BTS01', 'BTS02'] },
    thumbprint: THUMBPRINT,
    certificate: VALID,
    holders: ['ADMIN01', 'BTS01', 'BTS02'],
    now: NOW,
    expiringWithinDays: 30,
    ...overrides,
  };
}

const codeOf = (decision: ReturnType<typeof decideCertificateAssignment>) =>
  decision.ok ? 'ok' : decision.refusal.code;

describe('decideCertificateAssignment (DESIGN §3)', () => {
  it('accepts a suitable certificate held by every processing server, without warnings', () => {
    expect(decideCertificateAssignment(facts())).toEqual({
      ok: true,
      thumbprint: THUMBPRINT,
      commonName: 'Contoso AS2 Encryption',
      warnings: [],
      acknowledgedMissingOn: [],
    });
  });

  it('refuses a certificate that no store holds, or that the group does not know, naming the port', () => {
    for (const decision of [
      decideCertificateAssignment(facts({ holders: [] })),
      decideCertificateAssignment(facts({ certificate: null })),
    ]) {
      expect(decision).toMatchObject({
        ok: false,
        refusal: { code: 'certificate-not-found', thumbprint: THUMBPRINT },
      });
      expect(decision.ok || decision.refusal.message).toContain("send port 'SP.Orders.AS2'");
      expect(decision.ok || decision.refusal.message).toContain(
        'A909 502D D82A E414 33E6 F838 86B0 0D42 77A3 2A7B',
      );
    }
  });

  it('refuses unsuitable certificates before asking about servers, expired first', () => {
    const expiredSigningOnly = {
      ...VALID,
      notAfter: '2026-11-01T00:00:00.000Z',
      keyUsage: ['digitalSignature'],
    };
    const missing = { holders: ['BTS01'] };
    expect(codeOf(decideCertificateAssignment(facts({ certificate: expiredSigningOnly, ...missing })))).toBe(
      'certificate-expired',
    );
    const signingOnly = decideCertificateAssignment(
      facts({ certificate: { ...VALID, keyUsage: ['digitalSignature'] }, ...missing }),
    );
    expect(signingOnly).toMatchObject({
      ok: false,
      refusal: { code: 'certificate-not-for-encryption', keyUsage: ['digitalSignature'] },
    });
    // No KeyUsage extension at all may encrypt; data encipherment alone may too.
    expect(codeOf(decideCertificateAssignment(facts({ certificate: { ...VALID, keyUsage: null } })))).toBe(
      'ok',
    );
    expect(
      codeOf(
        decideCertificateAssignment(facts({ certificate: { ...VALID, keyUsage: ['dataEncipherment'] } })),
      ),
    ).toBe('ok');
  });

  it('refuses a certificate missing on a processing server unless exactly those servers are acknowledged', () => {
    const missing = facts({ holders: ['ADMIN01', 'BTS01'] });
    expect(decideCertificateAssignment(missing)).toMatchObject({
      ok: false,
      refusal: { code: 'certificate-missing-on-servers', servers: ['BTS02'] },
    });
    expect(
      decideCertificateAssignment({ ...missing, acknowledge: { missingOn: ['BTS01', 'BTS02'] } }),
    ).toMatchObject({
      ok: false,
      refusal: { code: 'acknowledgement-mismatch', servers: ['BTS02'], acknowledged: ['BTS01', 'BTS02'] },
    });
    const acknowledged = decideCertificateAssignment({
      ...missing,
      acknowledge: { missingOn: [' bts02 ', 'BTS02'] },
    });
    expect(acknowledged).toMatchObject({ ok: true, acknowledgedMissingOn: ['BTS02'] });
    expect(acknowledged.ok && acknowledged.warnings).toEqual([
      expect.objectContaining({ code: 'missing-on-servers-acknowledged', servers: ['BTS02'] }),
    ]);
    // Acknowledging servers that hold the certificate is a mismatch too: the request expected otherwise.
    expect(codeOf(decideCertificateAssignment(facts({ acknowledge: { missingOn: ['BTS02'] } })))).toBe(
      'acknowledgement-mismatch',
    );
  });

  it('refuses a certificate that is not valid yet, naming the date, unless the request acknowledges it', () => {
    const notYet = { certificate: { ...VALID, notBefore: '2026-12-02T06:30:00.000Z' } };
    const refused = decideCertificateAssignment(facts(notYet));
    expect(refused).toMatchObject({
      ok: false,
      refusal: { code: 'certificate-not-yet-valid', notBefore: '2026-12-02T06:30:00.000Z' },
    });
    expect(!refused.ok && refused.refusal.message).toContain('2026-12-02 06:30 UTC');
    // Acknowledging missing servers is not acknowledging the date.
    expect(codeOf(decideCertificateAssignment(facts({ ...notYet, acknowledge: { missingOn: [] } })))).toBe(
      'certificate-not-yet-valid',
    );
    const acknowledged = decideCertificateAssignment(
      facts({ ...notYet, acknowledge: { notYetValid: true } }),
    );
    expect(acknowledged.ok && acknowledged.warnings.map((warning) => warning.code)).toEqual([
      'certificate-not-yet-valid',
    ]);
  });

  it('refuses an expired certificate even when not-yet-valid is acknowledged', () => {
    expect(
      codeOf(
        decideCertificateAssignment(
          facts({
            certificate: { ...VALID, notAfter: '2026-11-01T00:00:00.000Z' },
            acknowledge: { notYetValid: true },
          }),
        ),
      ),
    ).toBe('certificate-expired');
  });

  it('warns of a certificate that expires within 30 days', () => {
    const expiring = decideCertificateAssignment(
      facts({ certificate: { ...VALID, notAfter: '2026-12-05T12:00:00.000Z' } }),
    );
    expect(expiring.ok && expiring.warnings).toEqual([
      expect.objectContaining({ code: 'certificate-expiring', daysLeft: 10 }),
    ]);
  });

  it('warns from the first threshold of BTS_EXPIRY_WARNING_DAYS it is given, not from a fixed 30 days', () => {
    const tenDaysLeft = { certificate: { ...VALID, notAfter: '2026-12-05T12:00:00.000Z' } };
    const within7 = decideCertificateAssignment(facts({ ...tenDaysLeft, expiringWithinDays: 7 }));
    expect(within7.ok && within7.warnings).toEqual([]);
    const sixtyDaysLeft = { certificate: { ...VALID, notAfter: '2027-01-24T12:00:00.000Z' } };
    expect(decideCertificateAssignment(facts(sixtyDaysLeft))).toMatchObject({ warnings: [] });
    const within90 = decideCertificateAssignment(facts({ ...sixtyDaysLeft, expiringWithinDays: 90 }));
    expect(within90.ok && within90.warnings).toEqual([
      expect.objectContaining({ code: 'certificate-expiring', daysLeft: 60 }),
    ]);
  });

  it('decides many ports from one reading of the certificate, each by its own servers', () => {
    const ports = Array.from({ length: 1000 }, (_, index) => ({
      name: `SP.${index}`,
      processingServers: index % 10 === 0 ? ['BTS02'] : ['BTS01', 'BTS02'],
    }));
    const shared = facts({ holders: ['BTS02'] });
    const decisions = ports.map((port) => decideCertificateAssignment({ ...shared, port }));
    expect(decisions.filter((decision) => decision.ok)).toHaveLength(100);
    const refused = decisions.find((decision) => !decision.ok);
    expect(refused).toMatchObject({
      ok: false,
      refusal: { code: 'certificate-missing-on-servers', servers: ['BTS01'] },
    });
    expect(refused?.ok || refused?.refusal.message).toContain("send port 'SP.1'");
  });
});
