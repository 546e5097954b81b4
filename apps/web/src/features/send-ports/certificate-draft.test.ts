import { describe, expect, it } from 'vitest';
import { draftChange, draftFromPort } from './certificate-draft';

const THUMBPRINT = '8A4C1F0E5D2B3A69788796A5B4C3D2E1F0A1B2C3';
const withCertificate = {
  certificate: {
    thumbprint: THUMBPRINT,
    commonName: 'Fabrikam AS2',
    notAfter: null,
    health: 'valid' as const,
  },
};
const withoutCertificate = { certificate: null };

describe('draftFromPort', () => {
  it('shows the assigned thumbprint in the documented display form', () => {
    expect(draftFromPort(withCertificate)).toEqual({
      thumbprintText: '8A4C 1F0E 5D2B 3A69 7887 96A5 B4C3 D2E1 F0A1 B2C3',
      commonName: 'Fabrikam AS2',
      removed: false,
    });
    expect(draftFromPort(withoutCertificate).thumbprintText).toBe('');
  });
});

describe('draftChange', () => {
  it('sees the same certificate pasted in another form as no change', () => {
    const pasted = `\u200E${THUMBPRINT.toLowerCase().replace(/(..)(?=.)/g, '$1:')}`;
    expect(draftChange(withCertificate, { thumbprintText: pasted, commonName: null, removed: false })).toBe(
      'none',
    );
  });

  it('assigns a different or malformed thumbprint, so the API decides and explains', () => {
    const other = 'F'.repeat(40);
    expect(draftChange(withCertificate, { thumbprintText: other, commonName: null, removed: false })).toBe(
      'assign',
    );
    expect(
      draftChange(withoutCertificate, { thumbprintText: 'not hex', commonName: null, removed: false }),
    ).toBe('assign');
  });

  it('removes only when the port has a certificate to remove', () => {
    const removed = { thumbprintText: '', commonName: null, removed: true };
    expect(draftChange(withCertificate, removed)).toBe('remove');
    expect(draftChange(withoutCertificate, removed)).toBe('none');
  });

  it('treats an empty box on a port without a certificate as nothing to save', () => {
    expect(draftChange(withoutCertificate, { thumbprintText: '  ', commonName: null, removed: false })).toBe(
      'none',
    );
  });
});
