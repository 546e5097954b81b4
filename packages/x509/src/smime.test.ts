import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCertificate, generateRsaKeyPair, privateKeyToPem } from './create-certificate';
import { encryptSmime } from './smime';
import { createOpensslLab, type OpensslCertificate, type OpensslLab } from './test-support/openssl';
import { X509Error } from './x509-error';

let lab: OpensslLab;
let partner: OpensslCertificate;
let legacyNames: OpensslCertificate;
let ec: OpensslCertificate;

beforeAll(() => {
  lab = createOpensslLab();
  lab.key('partner', 'rsa');
  lab.key('ec', 'ec');
  partner = lab.selfSigned('partner', {
    keyName: 'partner',
    subject: '/C=NL/O=Contoso Ltd/CN=as2.partner.example',
    extensions: ['keyUsage=keyEncipherment'],
  });
  // BMPString and T61String in the issuer name: the recipient must still be found by issuer and serial.
  legacyNames = lab.selfSigned('legacy', {
    keyName: 'partner',
    subject: '/O=Ærø/CN=Zoë 東京',
    stringMask: 'default',
    serial: '0x80F1',
  });
  ec = lab.selfSigned('ec', { keyName: 'ec', subject: '/CN=ec.partner.example' });
});

afterAll(() => lab.cleanup());

/** Decrypts with openssl, the way a partner would, and returns the exact bytes. */
function decrypt(entity: string, keyPath: string, command: 'smime' | 'cms', recipientPath?: string): Buffer {
  const file = lab.write(`message-${command}.eml`, entity);
  return lab.run([
    command,
    '-decrypt',
    '-binary',
    '-in',
    file,
    '-inkey',
    keyPath,
    ...(recipientPath === undefined ? [] : ['-recip', recipientPath]),
  ]);
}

describe('encryptSmime', () => {
  it('writes the MIME entity of an S/MIME enveloped message', () => {
    const entity = encryptSmime(Buffer.from('hello'), partner.der);
    const [headers, body] = entity.split('\r\n\r\n');
    expect(headers!.split('\r\n')).toEqual([
      'MIME-Version: 1.0',
      'Content-Disposition: attachment; filename="smime.p7m"',
      'Content-Type: application/pkcs7-mime; smime-type=enveloped-data; name="smime.p7m"',
      'Content-Transfer-Encoding: base64',
    ]);
    expect(body!.split('\r\n').every((line) => line.length <= 76 && /^[A-Za-z0-9+/=]*$/.test(line))).toBe(
      true,
    );
    const asn1 = lab.text(['asn1parse', '-inform', 'DER'], Buffer.from(body!, 'base64'));
    expect(asn1).toContain('pkcs7-envelopedData');
    expect(asn1).toContain('aes-256-cbc');
    expect(asn1).toContain('rsaEncryption');
  });

  it.each([
    ['ASCII text', Buffer.from('<Order id="42">100 widgets</Order>\n')],
    ['UTF-8 text', Buffer.from('Bestelling: 3× Ærø-kaas, Zoë Müller, 東京 😀\r\nLine two\n', 'utf8')],
    ['binary bytes', Buffer.from(Array.from({ length: 512 }, (_, i) => i % 256))],
    ['an empty message', Buffer.alloc(0)],
  ])('openssl smime and cms decrypt %s byte for byte', (_, message) => {
    const entity = encryptSmime(message, partner.der);
    expect(decrypt(entity, 'partner.key.pem', 'smime').equals(message)).toBe(true);
    expect(decrypt(entity, 'partner.key.pem', 'cms', partner.pemPath).equals(message)).toBe(true);
  });

  it('encrypts a 1 MB message', () => {
    const message = randomBytes(1024 * 1024);
    const entity = encryptSmime(message, partner.der);
    expect(decrypt(entity, 'partner.key.pem', 'cms').equals(message)).toBe(true);
  });

  it('names the recipient by the issuer exactly as its certificate encodes it', () => {
    const message = Buffer.from('for the legacy partner');
    const entity = encryptSmime(message, legacyNames.der);
    // With -recip, openssl looks the recipient up by issuer and serial number.
    expect(decrypt(entity, 'partner.key.pem', 'cms', legacyNames.pemPath).equals(message)).toBe(true);
    expect(decrypt(entity, 'partner.key.pem', 'smime', legacyNames.pemPath).equals(message)).toBe(true);
  });

  it('encrypts for a certificate made by createCertificate', () => {
    const keys = generateRsaKeyPair();
    const made = createCertificate({
      subject: { commonName: 'demo partner' },
      publicKey: keys.publicKey,
      signingKey: keys.privateKey,
      notBefore: new Date('2030-01-01T00:00:00Z'),
      notAfter: new Date('2031-01-01T00:00:00Z'),
    });
    lab.write('made.key.pem', privateKeyToPem(keys.privateKey));
    const message = Buffer.from('seeded');
    expect(decrypt(encryptSmime(message, made.der), 'made.key.pem', 'smime').equals(message)).toBe(true);
  });

  it('refuses an EC certificate with unsupported-key', () => {
    let refusal: unknown;
    try {
      encryptSmime(Buffer.from('x'), ec.der);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(X509Error);
    expect((refusal as X509Error).code).toBe('unsupported-key');
    expect((refusal as X509Error).message).toContain('ec.partner.example is EC (256 bits)');
  });

  it('refuses what is not a certificate with the parser’s error', () => {
    expect(() => encryptSmime(Buffer.from('x'), Buffer.from('not a certificate'))).toThrow(X509Error);
  });
});
