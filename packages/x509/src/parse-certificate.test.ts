import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canEncrypt, parseCertificate, type ParsedCertificate } from './parse-certificate';
import {
  createOpensslLab,
  opensslDate,
  opensslField,
  type OpensslCertificate,
  type OpensslLab,
} from './test-support/openssl';
import { X509Error, type X509ErrorCode } from './x509-error';

/** The DN format we promise: RFC 2253 order and escaping, readable Unicode, ', ' between components. */
const NAMEOPT = ['-nameopt', 'RFC2253,-esc_msb,sep_comma_plus_space'];

const OPENSSL_KEY_USAGE: Record<string, string> = {
  'Digital Signature': 'digitalSignature',
  'Non Repudiation': 'nonRepudiation',
  'Key Encipherment': 'keyEncipherment',
  'Data Encipherment': 'dataEncipherment',
  'Key Agreement': 'keyAgreement',
  'Certificate Sign': 'keyCertSign',
  'CRL Sign': 'cRLSign',
  'Encipher Only': 'encipherOnly',
  'Decipher Only': 'decipherOnly',
};

const OPENSSL_EXTENDED_KEY_USAGE: Record<string, string> = {
  'TLS Web Server Authentication': 'serverAuth',
  'TLS Web Client Authentication': 'clientAuth',
  'Code Signing': 'codeSigning',
  'E-mail Protection': 'emailProtection',
  'Time Stamping': 'timeStamping',
  'OCSP Signing': 'OCSPSigning',
};

const LONG_SUBJECT =
  '/C=NL/ST=Noord-Holland/L=Amsterdam/O=Contoso\\, Ltd./OU=Integration Services/OU=B2B "Partners" <EDI>' +
  '/OU=#1 team; night shift/CN=as2.gateway.partner.example/emailAddress=b2b-operations@partner.example' +
  '/serialNumber=NL-12345678/title=Gateway \\+ Relay/street=Keizersgracht 1/postalCode=1015 CJ' +
  '/DC=partner+DC=example/description=a\\\\b';

let lab: OpensslLab;
const certificates: Record<string, OpensslCertificate> = {};

beforeAll(() => {
  lab = createOpensslLab();
  lab.key('rsa', 'rsa');
  lab.key('ec', 'ec');
  lab.key('ca', 'rsa');
  certificates.rsa = lab.selfSigned('rsa', {
    keyName: 'rsa',
    subject: '/C=NL/O=Contoso Ltd/CN=partner.example',
    extensions: [
      'keyUsage=critical,keyEncipherment,dataEncipherment',
      'extendedKeyUsage=emailProtection,serverAuth,1.2.3.4.5',
    ],
  });
  certificates.ec = lab.selfSigned('ec', {
    keyName: 'ec',
    subject: '/O=Fabrikam/CN=ec.partner.example',
    extensions: ['keyUsage=digitalSignature,keyAgreement'],
  });
  certificates.version1 = lab.selfSigned('version1', { keyName: 'rsa', subject: '/CN=No Extensions' });
  certificates.noKeyUsage = lab.selfSigned('no-key-usage', {
    keyName: 'rsa',
    subject: '/CN=Any Usage',
    extensions: ['basicConstraints=CA:FALSE'],
  });
  certificates.allKeyUsages = lab.selfSigned('all-key-usages', {
    keyName: 'rsa',
    subject: '/CN=Every Bit',
    extensions: [
      'keyUsage=digitalSignature,nonRepudiation,keyEncipherment,dataEncipherment,keyAgreement,keyCertSign,cRLSign,encipherOnly,decipherOnly',
    ],
  });
  certificates.signingOnly = lab.selfSigned('signing-only', {
    keyName: 'rsa',
    subject: '/CN=Signing Only',
    extensions: ['keyUsage=critical,digitalSignature,nonRepudiation'],
  });
  certificates.utf8 = lab.selfSigned('utf8', {
    keyName: 'rsa',
    subject: '/O=Ærø/OU=Emoji 😀/CN=Zoë Müller 東京',
  });
  certificates.legacyStrings = lab.selfSigned('legacy-strings', {
    keyName: 'rsa',
    subject: '/O=Ærø/OU=plain/CN=Zoë 東京',
    stringMask: 'default',
  });
  certificates.long = lab.selfSigned('long', { keyName: 'rsa', subject: LONG_SUBJECT });
  certificates.serialOne = lab.selfSigned('serial-one', {
    keyName: 'rsa',
    subject: '/CN=Serial One',
    serial: '1',
  });
  certificates.year2136 = lab.selfSigned('year-2136', {
    keyName: 'ec',
    subject: '/CN=Far Future',
    days: 40_000,
  });
  certificates.ca = lab.selfSigned('ca', {
    keyName: 'ca',
    subject: '/O=Contoso Ltd/CN=Contoso Partner CA',
    extensions: ['basicConstraints=critical,CA:TRUE', 'keyUsage=critical,keyCertSign,cRLSign'],
  });
  certificates.issued = lab.issued('issued', {
    keyName: 'rsa',
    subject: '/O=Contoso Ltd/CN=orders.partner.example',
    ca: certificates.ca,
    caKeyName: 'ca',
    extensions: ['keyUsage=keyEncipherment'],
  });
});

afterAll(() => lab.cleanup());

function certificate(name: string): OpensslCertificate {
  const found = certificates[name];
  if (found === undefined) {
    throw new Error(`no fixture ${name}`);
  }
  return found;
}

function opensslKeyUsage(pemPath: string): string[] | null {
  const lines = lab.inspect(pemPath, ['-ext', 'keyUsage']).split('\n');
  const at = lines.findIndex((line) => line.startsWith('X509v3 Key Usage'));
  return at < 0
    ? null
    : lines[at + 1]!.trim()
        .split(', ')
        .map((name) => OPENSSL_KEY_USAGE[name] ?? name);
}

function opensslExtendedKeyUsage(pemPath: string): string[] | null {
  const lines = lab.inspect(pemPath, ['-ext', 'extendedKeyUsage']).split('\n');
  const at = lines.findIndex((line) => line.startsWith('X509v3 Extended Key Usage'));
  return at < 0
    ? null
    : lines[at + 1]!.trim()
        .split(', ')
        .map((name) => OPENSSL_EXTENDED_KEY_USAGE[name] ?? name);
}

function refusal(input: Uint8Array | string): X509Error {
  try {
    parseCertificate(typeof input === 'string' ? Buffer.from(input, 'utf8') : input);
  } catch (error) {
    if (error instanceof X509Error) {
      return error;
    }
    throw new Error(`threw something other than X509Error: ${String(error)}`);
  }
  throw new Error('was accepted');
}

function expectRefused(input: Uint8Array | string, code: X509ErrorCode): X509Error {
  const error = refusal(input);
  expect(error.code, error.message).toBe(code);
  return error;
}

describe('parseCertificate agrees with openssl', () => {
  const names = [
    'rsa',
    'ec',
    'version1',
    'noKeyUsage',
    'allKeyUsages',
    'signingOnly',
    'utf8',
    'legacyStrings',
    'long',
    'serialOne',
    'year2136',
    'ca',
    'issued',
  ];

  it.each(names)('%s: thumbprint, SHA-256, subject, issuer, serial and dates', (name) => {
    const fixture = certificate(name);
    const parsed = parseCertificate(fixture.der);
    const printed = lab.inspect(fixture.pemPath, [
      '-fingerprint',
      '-sha1',
      '-subject',
      '-issuer',
      '-serial',
      '-dates',
      ...NAMEOPT,
    ]);
    const sha256 = lab.inspect(fixture.pemPath, ['-fingerprint', '-sha256']);

    expect(parsed.thumbprint).toBe(opensslField(printed, 'sha1 Fingerprint').replaceAll(':', ''));
    expect(parsed.thumbprint).toMatch(/^[0-9A-F]{40}$/);
    expect(parsed.sha256).toBe(opensslField(sha256, 'sha256 Fingerprint').replaceAll(':', ''));
    expect(parsed.subject).toBe(opensslField(printed, 'subject'));
    expect(parsed.issuer).toBe(opensslField(printed, 'issuer'));
    expect(parsed.serialNumber).toBe(opensslField(printed, 'serial'));
    expect(opensslDate(parsed.notBefore)).toBe(opensslField(printed, 'notBefore'));
    expect(opensslDate(parsed.notAfter)).toBe(opensslField(printed, 'notAfter'));
    expect(parsed.der.equals(fixture.der)).toBe(true);
  });

  it.each(names)('%s: key usage, extended key usage and public key', (name) => {
    const fixture = certificate(name);
    const parsed = parseCertificate(fixture.der);
    expect(parsed.keyUsage).toEqual(opensslKeyUsage(fixture.pemPath));
    expect(parsed.extendedKeyUsage).toEqual(opensslExtendedKeyUsage(fixture.pemPath));

    const text = lab.inspect(fixture.pemPath, ['-text']);
    expect(`Public-Key: (${parsed.publicKeySize} bit)`).toBe(/Public-Key: \(\d+ bit\)/.exec(text)?.[0]);
    const algorithm = /Public Key Algorithm: (\S+)/.exec(text)?.[1];
    expect(parsed.publicKeyAlgorithm).toBe({ rsaEncryption: 'RSA', 'id-ecPublicKey': 'EC' }[algorithm ?? '']);
  });

  it.each(names)('%s: PEM and DER give the same result', (name) => {
    const fixture = certificate(name);
    expect(parseCertificate(fixture.pem)).toEqual(parseCertificate(fixture.der));
  });
});

describe('parseCertificate reads the fields an administrator sees', () => {
  it('names the common names and key of an RSA partner certificate', () => {
    const parsed = parseCertificate(certificate('rsa').der);
    expect(parsed).toMatchObject<Partial<ParsedCertificate>>({
      subject: 'CN=partner.example, O=Contoso Ltd, C=NL',
      subjectCommonName: 'partner.example',
      issuerCommonName: 'partner.example',
      keyUsage: ['keyEncipherment', 'dataEncipherment'],
      extendedKeyUsage: ['emailProtection', 'serverAuth', '1.2.3.4.5'],
      publicKeyAlgorithm: 'RSA',
      publicKeySize: 2048,
    });
  });

  it('reads an EC P-256 certificate, which node-forge cannot', () => {
    const parsed = parseCertificate(certificate('ec').der);
    expect(parsed.publicKeyAlgorithm).toBe('EC');
    expect(parsed.publicKeySize).toBe(256);
    expect(parsed.keyUsage).toEqual(['digitalSignature', 'keyAgreement']);
  });

  it('shows UTF-8, BMPString and T61String names as proper Unicode', () => {
    expect(parseCertificate(certificate('utf8').der).subject).toBe('CN=Zoë Müller 東京, OU=Emoji 😀, O=Ærø');
    expect(parseCertificate(certificate('utf8').der).subjectCommonName).toBe('Zoë Müller 東京');
    expect(parseCertificate(certificate('legacyStrings').der).subject).toBe('CN=Zoë 東京, OU=plain, O=Ærø');
  });

  it('escapes the characters that would make a long name ambiguous', () => {
    const parsed = parseCertificate(certificate('long').der);
    expect(parsed.subject.length).toBeGreaterThan(200);
    expect(parsed.subject).toContain('O=Contoso\\, Ltd.');
    expect(parsed.subject).toContain('OU=\\#1 team\\; night shift');
    expect(parsed.subject).toContain('DC=partner + DC=example');
    expect(parsed.subjectCommonName).toBe('as2.gateway.partner.example');
  });

  it('names the issuing CA of an issued certificate', () => {
    const parsed = parseCertificate(certificate('issued').der);
    expect(parsed.issuer).toBe('CN=Contoso Partner CA, O=Contoso Ltd');
    expect(parsed.issuerCommonName).toBe('Contoso Partner CA');
    expect(parsed.subjectCommonName).toBe('orders.partner.example');
  });

  it('reads dates after 2049, which are GeneralizedTime', () => {
    expect(parseCertificate(certificate('year2136').der).notAfter.getUTCFullYear()).toBe(2136);
  });
});

describe('canEncrypt', () => {
  it.each([
    ['rsa', true],
    ['noKeyUsage', true],
    ['version1', true],
    ['issued', true],
    ['signingOnly', false],
    ['ec', false],
    ['ca', false],
  ])('%s → %s', (name, expected) => {
    expect(canEncrypt(parseCertificate(certificate(name).der))).toBe(expected);
  });

  it('accepts data encipherment alone', () => {
    expect(canEncrypt({ keyUsage: ['dataEncipherment'] })).toBe(true);
    expect(canEncrypt({ keyUsage: [] })).toBe(false);
  });
});

describe('parseCertificate detects PEM or DER from the content', () => {
  it('tolerates a UTF-8 byte order mark and CRLF line ends', () => {
    const pem = certificate('rsa').pem.toString('latin1').replaceAll('\n', '\r\n');
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(pem, 'latin1')]);
    expect(parseCertificate(withBom).thumbprint).toBe(parseCertificate(certificate('rsa').der).thumbprint);
  });

  it('tolerates UTF-16 text, as PowerShell writes it', () => {
    const pem = certificate('rsa').pem.toString('latin1');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(pem, 'utf16le')]);
    expect(parseCertificate(utf16).thumbprint).toBe(parseCertificate(certificate('rsa').der).thumbprint);
  });

  it('skips the "Bag Attributes" text openssl pkcs12 writes before the certificate', () => {
    const exported = lab.write('bag.p12', '');
    lab.run([
      'pkcs12',
      '-export',
      '-in',
      certificate('rsa').pemPath,
      '-inkey',
      'rsa.key.pem',
      '-out',
      exported,
      '-passout',
      'pass:x',
    ]);
    const withBagAttributes = lab.run(['pkcs12', '-in', exported, '-nokeys', '-passin', 'pass:x']);
    expect(withBagAttributes.toString()).toContain('Bag Attributes');
    expect(parseCertificate(withBagAttributes).thumbprint).toBe(
      parseCertificate(certificate('rsa').der).thumbprint,
    );
  });

  it('accepts Base-64 without BEGIN/END lines, as web portals show a certificate', () => {
    const base64 = certificate('ec').der.toString('base64');
    expect(parseCertificate(Buffer.from(base64)).thumbprint).toBe(
      parseCertificate(certificate('ec').der).thumbprint,
    );
  });

  it('uses the certificate of openssl TRUSTED CERTIFICATE output and ignores the trust settings', () => {
    const trusted = lab.run([
      'x509',
      '-in',
      certificate('rsa').pemPath,
      '-trustout',
      '-addtrust',
      'emailProtection',
    ]);
    expect(trusted.toString()).toContain('BEGIN TRUSTED CERTIFICATE');
    expect(parseCertificate(trusted).thumbprint).toBe(parseCertificate(certificate('rsa').der).thumbprint);
  });
});

describe('parseCertificate refuses what is not one public certificate', () => {
  it('refuses a PKCS#12 file with the private key', () => {
    lab.run([
      'pkcs12',
      '-export',
      '-in',
      certificate('rsa').pemPath,
      '-inkey',
      'rsa.key.pem',
      '-out',
      'partner.pfx',
      '-passout',
      'pass:x',
    ]);
    const error = expectRefused(lab.read('partner.pfx'), 'pkcs12');
    expect(error.message).toBe(
      'This is a PKCS#12 (.pfx/.p12) file, which holds a private key. The Other People store holds only public certificates: export the certificate without its private key (.cer).',
    );
  });

  it.each([
    ['PKCS#8 PEM', ['pkey', '-in', 'rsa.key.pem']],
    ['RSA PEM (traditional)', ['pkey', '-in', 'rsa.key.pem', '-traditional']],
    ['EC PEM (traditional)', ['pkey', '-in', 'ec.key.pem', '-traditional']],
    [
      'encrypted PKCS#8 PEM',
      ['pkcs8', '-topk8', '-in', 'rsa.key.pem', '-v2', 'aes256', '-passout', 'pass:x'],
    ],
    ['PKCS#8 DER', ['pkey', '-in', 'rsa.key.pem', '-outform', 'DER']],
    ['EC PKCS#8 DER', ['pkey', '-in', 'ec.key.pem', '-outform', 'DER']],
    ['RSA DER (traditional)', ['rsa', '-in', 'rsa.key.pem', '-outform', 'DER', '-traditional']],
    ['EC DER (traditional)', ['ec', '-in', 'ec.key.pem', '-outform', 'DER']],
    [
      'encrypted PKCS#8 DER',
      ['pkcs8', '-topk8', '-in', 'ec.key.pem', '-v2', 'aes256', '-passout', 'pass:x', '-outform', 'DER'],
    ],
  ])('refuses a private key: %s', (_, args) => {
    const key = lab.run(args);
    const error = expectRefused(key, 'private-key');
    expect(error.message).toContain('export the certificate without its private key (.cer)');
  });

  it('refuses a PEM file that holds the certificate and its private key, in either order', () => {
    const cert = certificate('rsa').pem.toString();
    const key = lab.read('rsa.key.pem').toString();
    for (const bundle of [cert + key, key + cert]) {
      const error = expectRefused(bundle, 'private-key');
      expect(error.message).toContain('together with the certificate');
    }
  });

  it('refuses a certificate signing request, PEM or DER', () => {
    const pem = lab.run([
      'req',
      '-new',
      '-config',
      'openssl.cnf',
      '-key',
      'rsa.key.pem',
      '-subj',
      '/CN=request',
    ]);
    const der = lab.run(['req', '-in', '-', '-outform', 'DER'], pem);
    const ecPem = lab.run([
      'req',
      '-new',
      '-config',
      'openssl.cnf',
      '-key',
      'ec.key.pem',
      '-subj',
      '/CN=request',
    ]);
    expect(pem.toString()).toContain('BEGIN CERTIFICATE REQUEST');
    expectRefused(pem, 'certificate-request');
    expectRefused(der, 'certificate-request');
    expectRefused(ecPem, 'certificate-request');
    expect(expectRefused(der, 'certificate-request').message).toContain(
      'Send it to the certification authority',
    );
  });

  it('refuses several certificates in one file and names them', () => {
    const chain = Buffer.concat([certificate('issued').pem, Buffer.from('\n'), certificate('ca').pem]);
    const error = expectRefused(chain, 'multiple-certificates');
    expect(error.message).toContain('2 certificates (orders.partner.example; Contoso Partner CA)');
  });

  it('refuses Base-64 that was damaged, naming the character and its line', () => {
    const lines = certificate('rsa').pem.toString().split('\n');
    lines[3] = `${lines[3]!.slice(0, 10)}*${lines[3]!.slice(11)}`;
    const error = expectRefused(lines.join('\n'), 'bad-base64');
    expect(error.message).toContain("'*' on line 4");
    expectRefused('-----BEGIN CERTIFICATE-----\nMIIB=AAA\n-----END CERTIFICATE-----\n', 'bad-base64');
    expectRefused('-----BEGIN CERTIFICATE-----\nMIIBA\n-----END CERTIFICATE-----\n', 'bad-base64');
    expectRefused('-----BEGIN CERTIFICATE-----\n\n-----END CERTIFICATE-----\n', 'bad-base64');
  });

  it('refuses a DER certificate that was cut off, and says by how much', () => {
    const der = certificate('rsa').der;
    const error = expectRefused(der.subarray(0, der.length - 100), 'truncated');
    expect(error.message).toContain(`declares ${der.length.toLocaleString('en-US')} bytes`);
    expectRefused(der.subarray(0, 3), 'truncated');
  });

  it('refuses a PEM certificate without its END line', () => {
    const pem = certificate('rsa').pem.toString();
    expectRefused(pem.slice(0, pem.indexOf('-----END')), 'truncated');
  });

  it('refuses an empty file, also one with only a byte order mark or blank lines', () => {
    expect(expectRefused(new Uint8Array(0), 'empty').message).toContain('The file is empty');
    expectRefused(Buffer.from([0xef, 0xbb, 0xbf]), 'empty');
    expectRefused(' \r\n\r\n', 'empty');
  });

  it('refuses arbitrary bytes and text', () => {
    expectRefused(Buffer.from('a1b2c3 not a certificate at all'), 'not-a-certificate');
    expectRefused(Buffer.from([0x00, 0xff, 0x10, 0x30, 0x82]), 'not-a-certificate');
    expectRefused(Buffer.from([0x04, 0x03, 0x01, 0x02, 0x03]), 'not-a-certificate');
  });

  it('refuses a DER certificate with bytes after its end', () => {
    const error = expectRefused(
      Buffer.concat([certificate('rsa').der, Buffer.from([0, 0])]),
      'not-a-certificate',
    );
    expect(error.message).toContain('2 bytes follow the end of the certificate');
  });

  it('names a PKCS#7 bundle and a bare public key', () => {
    const p7b = lab.run(['crl2pkcs7', '-nocrl', '-certfile', certificate('rsa').pemPath]);
    expect(expectRefused(p7b, 'not-a-certificate').message).toContain('PKCS#7 bundle');
    expect(
      expectRefused(lab.run(['pkcs7', '-in', '-', '-outform', 'DER'], p7b), 'not-a-certificate').message,
    ).toContain('PKCS#7 bundle');
    const publicKey = lab.run(['pkey', '-in', 'rsa.key.pem', '-pubout']);
    expect(expectRefused(publicKey, 'not-a-certificate').message).toContain('bare public key');
    expect(
      expectRefused(
        lab.run(['pkey', '-in', 'rsa.key.pem', '-pubout', '-outform', 'DER']),
        'not-a-certificate',
      ).message,
    ).toContain('bare public key');
  });

  it('refuses a file larger than 64 KB before reading it', () => {
    const padded = Buffer.concat([
      Buffer.alloc(65_537 - certificate('rsa').pem.length, ' '),
      certificate('rsa').pem,
    ]);
    expect(padded.length).toBe(65_537);
    expect(expectRefused(padded, 'too-large').message).toContain('65,537 bytes');
    const exactly = Buffer.concat([
      Buffer.alloc(65_536 - certificate('rsa').pem.length, ' '),
      certificate('rsa').pem,
    ]);
    expect(parseCertificate(exactly).thumbprint).toBe(parseCertificate(certificate('rsa').der).thumbprint);
  });

  it('refuses input that is not bytes', () => {
    expect(() => parseCertificate('not bytes' as unknown as Uint8Array)).toThrow(X509Error);
  });
});
