import { createHash } from 'node:crypto';
import { keyUsageAllowsEncryption } from '@bts-console/domain';
import { examine } from './bytes-examined';
import {
  DER_TAG,
  DerError,
  content,
  contextTag,
  declaredSize,
  decodeOid,
  decodeTime,
  encoded,
  expectTag,
  isOid,
  readChildren,
  readElement,
  smallInteger,
  toHex,
  unsignedBitLength,
  type DerElement,
} from './der-reader';
import { readDistinguishedName } from './distinguished-name';
import {
  containsPem,
  decodeBareBase64,
  decodeBase64Body,
  decodePemText,
  readPemBlocks,
  type PemBlock,
} from './pem-reader';
import { X509Error } from './x509-error';

/** 64 KB: a certificate is a few kilobytes; anything larger is a bundle, an archive or the wrong file. */
export const MAX_CERTIFICATE_FILE_BYTES = 65_536;

/** The KeyUsage bits in RFC 5280 order (bit 0 first). */
export const KEY_USAGE_NAMES = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
] as const;

export type KeyUsageName = (typeof KEY_USAGE_NAMES)[number];

/** Extended key usage purposes by name; others are reported as dotted OIDs. */
export const EXTENDED_KEY_USAGE_OIDS = {
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
  codeSigning: '1.3.6.1.5.5.7.3.3',
  emailProtection: '1.3.6.1.5.5.7.3.4',
  timeStamping: '1.3.6.1.5.5.7.3.8',
  OCSPSigning: '1.3.6.1.5.5.7.3.9',
  ipsecIKE: '1.3.6.1.5.5.7.3.17',
  msEFS: '1.3.6.1.4.1.311.10.3.4',
  anyExtendedKeyUsage: '2.5.29.37.0',
} as const;

const EXTENDED_KEY_USAGE_NAMES: ReadonlyMap<string, string> = new Map(
  Object.entries(EXTENDED_KEY_USAGE_OIDS).map(([name, oid]) => [oid, name]),
);

export interface ParsedCertificate {
  /** SHA-1 of the DER encoding, 40 upper-case hex digits: how BizTalk identifies the certificate. */
  thumbprint: string;
  /** SHA-256 of the DER encoding, 64 upper-case hex digits. */
  sha256: string;
  /** RFC 2253 order, ', ' between components: `CN=partner.example, O=Contoso\, Ltd, C=NL`. */
  subject: string;
  /** "Issued To". */
  subjectCommonName: string | null;
  issuer: string;
  /** "Issued By". */
  issuerCommonName: string | null;
  /** Upper-case hex as `openssl x509 -serial` prints it; negative serials (malformed but seen) start with '-'. */
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
  /** Null when the certificate has no KeyUsage extension, which means any usage is allowed. */
  keyUsage: KeyUsageName[] | null;
  /** Names from EXTENDED_KEY_USAGE_OIDS or dotted OIDs; null when the extension is absent. */
  extendedKeyUsage: string[] | null;
  /** 'RSA', 'RSA-PSS', 'EC', 'Ed25519', 'Ed448', 'DSA', or the dotted OID of anything else. */
  publicKeyAlgorithm: string;
  /** In bits: the RSA modulus, or the curve size for EC (P-256 → 256). */
  publicKeySize: number;
  /** The certificate's DER encoding, exactly as hashed for the thumbprint. */
  der: Buffer;
}

/** Whether the certificate may carry an encryption key: no KeyUsage extension, or one that allows encipherment. */
export function canEncrypt(certificate: Pick<ParsedCertificate, 'keyUsage'>): boolean {
  return keyUsageAllowsEncryption(certificate.keyUsage);
}

/**
 * Reads one public X.509 certificate, PEM or DER (told apart by content), and refuses everything else
 * with an X509Error that says what the file is and what to do instead. Throws nothing but X509Error.
 */
export function parseCertificate(input: Uint8Array | Buffer): ParsedCertificate {
  try {
    return parseOrRefuse(input);
  } catch (error) {
    if (error instanceof X509Error) {
      throw error;
    }
    if (error instanceof DerError) {
      throw notACertificate(error.message);
    }
    throw new X509Error(
      'not-a-certificate',
      'This file could not be read as an X.509 certificate. Export the certificate again as .cer (DER or Base-64).',
    );
  }
}

function parseOrRefuse(input: Uint8Array): ParsedCertificate {
  if (!(input instanceof Uint8Array)) {
    throw new X509Error('not-a-certificate', 'Expected the bytes of a certificate file.');
  }
  if (input.length === 0) {
    throw emptyFile();
  }
  if (input.length > MAX_CERTIFICATE_FILE_BYTES) {
    throw new X509Error(
      'too-large',
      `The file is ${input.length.toLocaleString('en-US')} bytes; a certificate file is at most 65,536 bytes (64 KB). Choose the partner's certificate itself (.cer), not an archive, a bundle or a message.`,
    );
  }
  if (input[0] === DER_TAG.SEQUENCE && declaredSize(input) === input.length) {
    return readDerFile(input);
  }
  const text = decodePemText(input);
  if (containsPem(text)) {
    return readPemFile(text);
  }
  if (input[0] === DER_TAG.SEQUENCE) {
    return readDerFile(input);
  }
  examine(text.length);
  if (text.trim() === '') {
    throw emptyFile();
  }
  const bare = decodeBareBase64(text);
  if (bare !== null && bare[0] === DER_TAG.SEQUENCE) {
    return readDerFile(bare);
  }
  throw new X509Error(
    'not-a-certificate',
    'This file is not a certificate: it is neither DER nor PEM (Base-64) encoded. Choose the partner\'s certificate file (.cer, .crt, .pem or .der); in Windows, export it with "DER encoded binary X.509 (.CER)" or "Base-64 encoded X.509 (.CER)".',
  );
}

const CERTIFICATE_LABELS: ReadonlySet<string> = new Set([
  'CERTIFICATE',
  'X509 CERTIFICATE',
  'TRUSTED CERTIFICATE',
]);
/** A message names a chain's certificates; past a few, a list helps nobody. */
const NAMED_CERTIFICATES = 5;
const REQUEST_LABELS: ReadonlySet<string> = new Set(['CERTIFICATE REQUEST', 'NEW CERTIFICATE REQUEST']);

function readPemFile(text: string): ParsedCertificate {
  const blocks = readPemBlocks(text);
  // The filter and the two searches below each visit every block.
  examine(3 * blocks.length);
  const certificates = blocks.filter((block) => CERTIFICATE_LABELS.has(block.label));
  if (blocks.some((block) => block.label.endsWith('PRIVATE KEY'))) {
    throw certificates.length > 0
      ? new X509Error(
          'private-key',
          'This file holds a private key together with the certificate. The Other People store holds only public certificates, and a private key must not leave its owner: export the certificate alone, without its private key (.cer).',
        )
      : privateKey();
  }
  if (blocks.some((block) => REQUEST_LABELS.has(block.label))) {
    throw certificateRequest();
  }
  const [first, ...others] = certificates;
  if (first === undefined) {
    throw refusalForPemLabel(blocks[0]?.label ?? '');
  }
  if (others.length > 0) {
    const names = certificates.slice(0, NAMED_CERTIFICATES).map((block) => describeBlock(block, text));
    if (certificates.length > NAMED_CERTIFICATES) {
      names.push(`and ${certificates.length - NAMED_CERTIFICATES} more`);
    }
    throw new X509Error(
      'multiple-certificates',
      `This file holds ${certificates.length} certificates (${names.join('; ')}), such as a chain or a bundle. An import adds one certificate: export the partner's certificate alone (.cer), or import each certificate separately.`,
    );
  }
  const der = decodePemBody(first, text);
  // openssl's TRUSTED CERTIFICATE appends its trust settings after the certificate; the certificate is what counts.
  return readDerFile(der, first.label === 'TRUSTED CERTIFICATE');
}

function decodePemBody(block: PemBlock, text: string): Buffer {
  const bodyOffset = block.offset + `-----BEGIN ${block.label}-----`.length;
  return decodeBase64Body(block.body, text, bodyOffset, 'certificate');
}

function describeBlock(block: PemBlock, text: string): string {
  try {
    const certificate = readDerFile(decodePemBody(block, text), block.label === 'TRUSTED CERTIFICATE');
    return certificate.subjectCommonName ?? certificate.subject;
  } catch {
    return 'an unreadable certificate';
  }
}

function refusalForPemLabel(label: string): X509Error {
  if (label === 'PKCS7') {
    return pkcs7Bundle();
  }
  if (label === 'X509 CRL') {
    return revocationList();
  }
  if (label.endsWith('PUBLIC KEY')) {
    return publicKeyOnly();
  }
  return notACertificate(`it holds a PEM block of type '${label}'`);
}

function readDerFile(der: Uint8Array, trailingDataAllowed = false): ParsedCertificate {
  let outer: DerElement;
  try {
    outer = readElement(der, 0);
  } catch (error) {
    if (error instanceof DerError && error.pastEndOfInput) {
      const declared = declaredSize(der);
      throw new X509Error(
        'truncated',
        declared === null
          ? 'The certificate is cut off. Copy or download the whole file again.'
          : `The certificate is cut off: it declares ${declared.toLocaleString('en-US')} bytes but the file holds only ${der.length.toLocaleString('en-US')}. Copy or download the whole file again.`,
      );
    }
    throw error;
  }
  if (outer.tag !== DER_TAG.SEQUENCE) {
    throw notACertificate('it does not start with a DER SEQUENCE');
  }
  if (outer.end < der.length && !trailingDataAllowed) {
    throw notACertificate(
      `${(der.length - outer.end).toLocaleString('en-US')} bytes follow the end of the certificate, so the file was altered or is something else`,
    );
  }
  const parts = readChildren(der, outer);
  refuseOtherStructures(der, parts);
  return readCertificate(der, outer, parts);
}

const PKCS7_PREFIX = '1.2.840.113549.1.7.';
const PKCS7_SIGNED_DATA = '1.2.840.113549.1.7.2';

/** Names what a DER file is when it is a key, a PFX, a request or a bundle rather than a certificate. */
function refuseOtherStructures(der: Uint8Array, parts: DerElement[]): void {
  const [first, second, third] = parts;
  if (first === undefined) {
    throw notACertificate('it is an empty DER SEQUENCE');
  }
  if (first.tag === DER_TAG.INTEGER) {
    const version = smallInteger(der, first);
    if (version === 3 && second?.tag === DER_TAG.SEQUENCE && startsWithOid(der, second, PKCS7_PREFIX)) {
      throw pkcs12();
    }
    // PKCS#8 PrivateKeyInfo / OneAsymmetricKey: version, algorithm, key.
    if (second?.tag === DER_TAG.SEQUENCE && third?.tag === DER_TAG.OCTET_STRING) {
      throw privateKey();
    }
    // SEC 1 ECPrivateKey: version 1, key.
    if (version === 1 && second?.tag === DER_TAG.OCTET_STRING) {
      throw privateKey();
    }
    // PKCS#1 RSAPrivateKey (9+ integers) and OpenSSL's DSA key (6 integers).
    examine(parts.length);
    if (parts.length >= 6 && parts.every((part) => part.tag === DER_TAG.INTEGER)) {
      throw privateKey();
    }
    throw notACertificate('its DER structure is not that of a certificate');
  }
  if (first.tag === DER_TAG.OID) {
    if (isOid(der, first, PKCS7_SIGNED_DATA)) {
      throw pkcs7Bundle();
    }
    throw notACertificate('it is a PKCS#7/CMS message (for example an encrypted or signed message)');
  }
  // EncryptedPrivateKeyInfo: encryption algorithm, encrypted key.
  if (
    parts.length === 2 &&
    first.tag === DER_TAG.SEQUENCE &&
    second?.tag === DER_TAG.OCTET_STRING &&
    startsWithOid(der, first, '')
  ) {
    throw privateKey();
  }
  // SubjectPublicKeyInfo: algorithm, key.
  if (
    parts.length === 2 &&
    first.tag === DER_TAG.SEQUENCE &&
    second?.tag === DER_TAG.BIT_STRING &&
    startsWithOid(der, first, '')
  ) {
    throw publicKeyOnly();
  }
  if (parts.length !== 3 || first.tag !== DER_TAG.SEQUENCE) {
    throw notACertificate('its DER structure is not that of a certificate');
  }
  const body = readChildren(der, first);
  // PKCS#10 CertificationRequestInfo: version, subject, SubjectPublicKeyInfo (which starts with a SEQUENCE,
  // where a certificate has a Name, which starts with a SET), attributes.
  const [version, subject, publicKey, attributes, ...rest] = body;
  if (
    version?.tag === DER_TAG.INTEGER &&
    subject?.tag === DER_TAG.SEQUENCE &&
    publicKey?.tag === DER_TAG.SEQUENCE &&
    readChildren(der, publicKey)[0]?.tag === DER_TAG.SEQUENCE &&
    (attributes === undefined || attributes.tag === contextTag(0)) &&
    rest.length === 0
  ) {
    throw certificateRequest();
  }
  // TBSCertList: [version,] algorithm, issuer, thisUpdate (a time, where a certificate has its validity).
  const afterVersion = body[0]?.tag === DER_TAG.INTEGER ? 1 : 0;
  const update = body[afterVersion + 2];
  if (update?.tag === DER_TAG.UTC_TIME || update?.tag === DER_TAG.GENERALIZED_TIME) {
    throw revocationList();
  }
}

function startsWithOid(der: Uint8Array, sequence: DerElement, prefix: string): boolean {
  const first = readChildren(der, sequence)[0];
  return first?.tag === DER_TAG.OID && decodeOid(der, first).startsWith(prefix);
}

const EXTENSION_KEY_USAGE = '2.5.29.15';
const EXTENSION_EXTENDED_KEY_USAGE = '2.5.29.37';

function readCertificate(der: Uint8Array, outer: DerElement, parts: DerElement[]): ParsedCertificate {
  const [tbs, signatureAlgorithm, signature] = parts;
  expectTag(tbs, DER_TAG.SEQUENCE, 'certificate body');
  expectTag(signatureAlgorithm, DER_TAG.SEQUENCE, 'signature algorithm');
  expectTag(signature, DER_TAG.BIT_STRING, 'signature');
  const fields = readChildren(der, tbs!);
  let next = 0;
  if (fields[0]?.tag === contextTag(0)) {
    const version = smallInteger(der, readChildren(der, fields[0])[0]);
    if (version === null || version > 2) {
      throw new DerError('the certificate version is not 1, 2 or 3');
    }
    next++;
  }
  const serial = expectTag(fields[next++], DER_TAG.INTEGER, 'serial number');
  expectTag(fields[next++], DER_TAG.SEQUENCE, 'signature algorithm of the body');
  const issuer = readDistinguishedName(der, fields[next++], 'issuer');
  const validity = readChildren(der, expectTag(fields[next++], DER_TAG.SEQUENCE, 'validity'));
  if (validity.length !== 2) {
    throw new DerError('the validity does not hold exactly two dates');
  }
  const notBefore = decodeTime(der, validity[0]!, 'not-before');
  const notAfter = decodeTime(der, validity[1]!, 'not-after');
  const subject = readDistinguishedName(der, fields[next++], 'subject');
  const publicKey = readPublicKey(der, expectTag(fields[next++], DER_TAG.SEQUENCE, 'public key'));

  let keyUsage: KeyUsageName[] | null = null;
  let extendedKeyUsage: string[] | null = null;
  for (const field of fields.slice(next)) {
    if (field.tag !== contextTag(3)) {
      // [1] and [2] unique identifiers: obsolete, and nothing here depends on them.
      continue;
    }
    const seen = new Set<string>();
    const extensions = readChildren(
      der,
      expectTag(readChildren(der, field)[0], DER_TAG.SEQUENCE, 'extensions'),
    );
    for (const extension of extensions) {
      const items = readChildren(der, expectTag(extension, DER_TAG.SEQUENCE, 'extension'));
      const oid = decodeOid(der, expectTag(items[0], DER_TAG.OID, 'extension identifier'));
      const value = expectTag(items[items.length - 1], DER_TAG.OCTET_STRING, `value of extension ${oid}`);
      if (seen.has(oid)) {
        // RFC 5280 4.2 forbids it, and two KeyUsage extensions would leave the allowed usage ambiguous.
        throw new DerError(`the extension ${oid} appears twice`);
      }
      seen.add(oid);
      if (oid === EXTENSION_KEY_USAGE) {
        keyUsage = readKeyUsage(der, value);
      } else if (oid === EXTENSION_EXTENDED_KEY_USAGE) {
        extendedKeyUsage = readExtendedKeyUsage(der, value);
      }
    }
  }

  const certificateDer = Buffer.from(encoded(der, outer));
  // The copy and the two digests.
  examine(3 * certificateDer.length);
  return {
    thumbprint: createHash('sha1').update(certificateDer).digest('hex').toUpperCase(),
    sha256: createHash('sha256').update(certificateDer).digest('hex').toUpperCase(),
    subject: subject.text,
    subjectCommonName: subject.commonName,
    issuer: issuer.text,
    issuerCommonName: issuer.commonName,
    serialNumber: formatSerialNumber(content(der, serial)),
    notBefore,
    notAfter,
    keyUsage,
    extendedKeyUsage,
    publicKeyAlgorithm: publicKey.algorithm,
    publicKeySize: publicKey.size,
    der: certificateDer,
  };
}

/** The single element an extension's OCTET STRING wraps. */
function extensionValue(der: Uint8Array, value: DerElement, tag: number, what: string): DerElement {
  const inner = expectTag(readElement(der, value.contentStart, value.end), tag, what);
  if (inner.end !== value.end) {
    throw new DerError(`the ${what} extension has extra bytes`);
  }
  return inner;
}

function readKeyUsage(der: Uint8Array, value: DerElement): KeyUsageName[] {
  const bits = content(der, extensionValue(der, value, DER_TAG.BIT_STRING, 'key usage'));
  const unused = bits[0];
  if (unused === undefined || unused > 7) {
    throw new DerError('the key usage extension is malformed');
  }
  return KEY_USAGE_NAMES.filter((_, bit) => {
    const byte = bits[1 + (bit >> 3)];
    return byte !== undefined && (byte & (0x80 >> (bit & 7))) !== 0;
  });
}

function readExtendedKeyUsage(der: Uint8Array, value: DerElement): string[] {
  const purposes = readChildren(der, extensionValue(der, value, DER_TAG.SEQUENCE, 'extended key usage'));
  return purposes.map((purpose) => {
    const oid = decodeOid(der, expectTag(purpose, DER_TAG.OID, 'extended key usage purpose'));
    return EXTENDED_KEY_USAGE_NAMES.get(oid) ?? oid;
  });
}

const RSA = '1.2.840.113549.1.1.1';
const RSA_PSS = '1.2.840.113549.1.1.10';
const EC = '1.2.840.10045.2.1';
const DSA = '1.2.840.10040.4.1';
/** Bit sizes as `openssl x509 -text` reports them. */
const FIXED_SIZE_ALGORITHMS: ReadonlyMap<string, { algorithm: string; size: number }> = new Map([
  ['1.3.101.110', { algorithm: 'X25519', size: 253 }],
  ['1.3.101.111', { algorithm: 'X448', size: 448 }],
  ['1.3.101.112', { algorithm: 'Ed25519', size: 253 }],
  ['1.3.101.113', { algorithm: 'Ed448', size: 456 }],
]);
const CURVE_SIZES: ReadonlyMap<string, number> = new Map([
  ['1.2.840.10045.3.1.1', 192],
  ['1.3.132.0.33', 224],
  ['1.2.840.10045.3.1.7', 256],
  ['1.3.132.0.10', 256],
  ['1.3.132.0.34', 384],
  ['1.3.132.0.35', 521],
  ['1.3.36.3.3.2.8.1.1.7', 256],
  ['1.3.36.3.3.2.8.1.1.11', 384],
  ['1.3.36.3.3.2.8.1.1.13', 512],
]);

function readPublicKey(der: Uint8Array, publicKeyInfo: DerElement): { algorithm: string; size: number } {
  const [algorithm, key] = readChildren(der, publicKeyInfo);
  const [algorithmOid, parameters] = readChildren(
    der,
    expectTag(algorithm, DER_TAG.SEQUENCE, 'key algorithm'),
  );
  const oid = decodeOid(der, expectTag(algorithmOid, DER_TAG.OID, 'key algorithm identifier'));
  const keyBits = content(der, expectTag(key, DER_TAG.BIT_STRING, 'public key')).subarray(1);
  if (oid === RSA || oid === RSA_PSS) {
    const rsaKey = readElement(keyBits, 0);
    const [modulus] = readChildren(keyBits, expectTag(rsaKey, DER_TAG.SEQUENCE, 'RSA public key'));
    const size = unsignedBitLength(content(keyBits, expectTag(modulus, DER_TAG.INTEGER, 'RSA modulus')));
    return { algorithm: oid === RSA ? 'RSA' : 'RSA-PSS', size };
  }
  if (oid === EC) {
    const curve = parameters?.tag === DER_TAG.OID ? CURVE_SIZES.get(decodeOid(der, parameters)) : undefined;
    if (curve !== undefined) {
      return { algorithm: 'EC', size: curve };
    }
    // Unnamed curve: an uncompressed point (04 || x || y) holds two coordinates of the curve's size.
    const coordinateBytes = keyBits[0] === 0x04 ? (keyBits.length - 1) / 2 : keyBits.length - 1;
    return { algorithm: 'EC', size: Math.max(0, Math.floor(coordinateBytes) * 8) };
  }
  if (oid === DSA && parameters?.tag === DER_TAG.SEQUENCE) {
    const [prime] = readChildren(der, parameters);
    return {
      algorithm: 'DSA',
      size: unsignedBitLength(content(der, expectTag(prime, DER_TAG.INTEGER, 'DSA prime'))),
    };
  }
  return FIXED_SIZE_ALGORITHMS.get(oid) ?? { algorithm: oid, size: keyBits.length * 8 };
}

function formatSerialNumber(body: Uint8Array): string {
  if (body.length === 0) {
    throw new DerError('the serial number is empty');
  }
  if ((body[0]! & 0x80) !== 0) {
    // RFC 5280 requires a positive serial; some old CAs issued negative ones and OpenSSL prints them with '-'.
    examine(body.length);
    const magnitude = (1n << BigInt(body.length * 8)) - BigInt(`0x${toHex(body)}`);
    const hex = magnitude.toString(16).toUpperCase();
    return `-${hex.length % 2 === 0 ? hex : `0${hex}`}`;
  }
  let start = 0;
  while (start < body.length - 1 && body[start] === 0) {
    start++;
  }
  return toHex(body.subarray(start));
}

function emptyFile(): X509Error {
  return new X509Error(
    'empty',
    "The file is empty. Choose the partner's certificate file (.cer, .crt, .pem or .der) and try again.",
  );
}

function privateKey(): X509Error {
  return new X509Error(
    'private-key',
    'This file holds a private key, not a certificate. The Other People store holds only public certificates, and a private key must not leave its owner: export the certificate without its private key (.cer).',
  );
}

function pkcs12(): X509Error {
  return new X509Error(
    'pkcs12',
    'This is a PKCS#12 (.pfx/.p12) file, which holds a private key. The Other People store holds only public certificates: export the certificate without its private key (.cer).',
  );
}

function certificateRequest(): X509Error {
  return new X509Error(
    'certificate-request',
    'This is a certificate signing request (CSR), not a certificate. Send it to the certification authority, then import the certificate the authority issues.',
  );
}

function pkcs7Bundle(): X509Error {
  return notACertificate(
    'it is a PKCS#7 bundle (.p7b/.p7c), which may hold several certificates. Open it in Windows, select the partner certificate and export it alone (.cer)',
  );
}

function revocationList(): X509Error {
  return notACertificate('it is a certificate revocation list (CRL)');
}

function publicKeyOnly(): X509Error {
  return notACertificate(
    'it is a bare public key. BizTalk needs the whole certificate: ask the partner for it (.cer)',
  );
}

function notACertificate(why: string): X509Error {
  return new X509Error(
    'not-a-certificate',
    `This file is not a valid X.509 certificate: ${why}. Choose the partner's certificate file (.cer, .crt, .pem or .der), exported again if needed.`,
  );
}
