import { randomBytes } from 'node:crypto';
import forge from 'node-forge';
import { asn1FromBytes, bytesFromAsn1 } from './forge-asn1';
import { EXTENDED_KEY_USAGE_OIDS, KEY_USAGE_NAMES, type KeyUsageName } from './parse-certificate';

export type RsaPublicKey = forge.pki.rsa.PublicKey;
export type RsaPrivateKey = forge.pki.rsa.PrivateKey;
export type RsaKeyPair = forge.pki.rsa.KeyPair;

export interface CertificateSubject {
  commonName: string;
  organization?: string;
  organizationalUnit?: string;
  /** Two-letter ISO 3166 code, e.g. 'NL'. */
  country?: string;
  /** Goes in the subject (emailAddress) and the subject alternative name, as S/MIME clients look for it. */
  email?: string;
}

export interface CertificateIssuer {
  /** The CA certificate: its DER, or what an earlier createCertificate returned. */
  certificate: Uint8Array | { der: Uint8Array };
  privateKey: RsaPrivateKey;
}

export interface CreateCertificateOptions {
  subject: CertificateSubject;
  /** The issuing CA; absent for a self-signed certificate. */
  issuer?: CertificateIssuer;
  /** The subject's public key. */
  publicKey: RsaPublicKey;
  /** Signs a self-signed certificate (the subject's own private key); with an issuer, its privateKey signs. */
  signingKey?: RsaPrivateKey;
  /** Hex; a random positive 128-bit serial when absent. */
  serialNumber?: string;
  /** Truncated to whole seconds, as certificates store time. */
  notBefore: Date;
  notAfter: Date;
  /** Absent: keyCertSign+cRLSign for a CA, digitalSignature+keyEncipherment otherwise. Null: no KeyUsage extension. */
  keyUsage?: KeyUsageName[] | null;
  /** Names from EXTENDED_KEY_USAGE_OIDS or dotted OIDs. */
  extendedKeyUsage?: string[];
  isCa?: boolean;
}

/** An RSA key pair; node-forge hands this to Node's native generator, so 2048 bits take well under a second. */
export function generateRsaKeyPair(bits = 2048): RsaKeyPair {
  return forge.pki.rsa.generateKeyPair({ bits, workers: -1 });
}

/** Issues (or self-signs) an RSA certificate, for the demo group's partner CA and certificates and for tests. */
export function createCertificate(options: CreateCertificateOptions): { der: Buffer; pem: string } {
  const signingKey = options.issuer?.privateKey ?? options.signingKey;
  if (signingKey === undefined) {
    throw new TypeError('A self-signed certificate needs signingKey: the private key of its own key pair.');
  }
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = options.publicKey;
  certificate.serialNumber = serialNumberHex(options.serialNumber);
  certificate.validity.notBefore = options.notBefore;
  certificate.validity.notAfter = options.notAfter;

  const subject = subjectAttributes(options.subject);
  certificate.setSubject(subject);
  const issuerCertificate =
    options.issuer === undefined
      ? undefined
      : forge.pki.certificateFromAsn1(asn1FromBytes(issuerDer(options.issuer)));
  certificate.setIssuer(issuerCertificate?.subject.attributes ?? subject);

  const isCa = options.isCa ?? false;
  const keyUsage = options.keyUsage === undefined ? defaultKeyUsage(isCa) : options.keyUsage;
  const extensions: object[] = [
    { name: 'basicConstraints', cA: isCa, critical: isCa },
    { name: 'subjectKeyIdentifier' },
    {
      name: 'authorityKeyIdentifier',
      keyIdentifier: issuerCertificate === undefined ? true : authorityKeyIdentifier(issuerCertificate),
    },
  ];
  if (keyUsage !== null) {
    extensions.push({ id: forge.pki.oids.keyUsage, critical: true, value: keyUsageValue(keyUsage) });
  }
  if (options.extendedKeyUsage !== undefined) {
    extensions.push({
      id: forge.pki.oids.extKeyUsage,
      value: extendedKeyUsageValue(options.extendedKeyUsage),
    });
  }
  if (options.subject.email !== undefined) {
    extensions.push({ name: 'subjectAltName', altNames: [{ type: 1, value: options.subject.email }] });
  }
  certificate.setExtensions(extensions);
  certificate.sign(signingKey, forge.md.sha256.create());

  const der = bytesFromAsn1(forge.pki.certificateToAsn1(certificate));
  return { der, pem: certificateToPem(der) };
}

/** PEM as openssl writes it: 64-character lines, LF. */
export function certificateToPem(der: Uint8Array): string {
  const lines =
    Buffer.from(der)
      .toString('base64')
      .match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

/** PKCS#8 PEM ('PRIVATE KEY'), which openssl and Windows both read. */
export function privateKeyToPem(privateKey: RsaPrivateKey): string {
  const info = forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(privateKey));
  return forge.pki.privateKeyInfoToPem(info).replaceAll('\r\n', '\n');
}

/** Reads a PKCS#8 or PKCS#1 RSA private key PEM, e.g. the demo CA's key kept between runs. */
export function privateKeyFromPem(pem: string): RsaPrivateKey {
  return forge.pki.privateKeyFromPem(pem);
}

function subjectAttributes(subject: CertificateSubject): forge.pki.CertificateField[] {
  if (subject.country !== undefined && !/^[A-Z]{2}$/.test(subject.country)) {
    throw new TypeError(`country must be two capital letters (ISO 3166), not '${subject.country}'.`);
  }
  // node-forge's typings call the string type 'valueTagClass' an asn1.Class; it is an asn1.Type.
  const as = (type: forge.asn1.Type) => type as unknown as forge.asn1.Class;
  const attributes: forge.pki.CertificateField[] = [];
  if (subject.country !== undefined) {
    attributes.push({
      name: 'countryName',
      value: subject.country,
      valueTagClass: as(forge.asn1.Type.PRINTABLESTRING),
    });
  }
  if (subject.organization !== undefined) {
    attributes.push({
      name: 'organizationName',
      value: subject.organization,
      valueTagClass: as(forge.asn1.Type.UTF8),
    });
  }
  if (subject.organizationalUnit !== undefined) {
    attributes.push({
      name: 'organizationalUnitName',
      value: subject.organizationalUnit,
      valueTagClass: as(forge.asn1.Type.UTF8),
    });
  }
  attributes.push({ name: 'commonName', value: subject.commonName, valueTagClass: as(forge.asn1.Type.UTF8) });
  if (subject.email !== undefined) {
    attributes.push({
      name: 'emailAddress',
      value: subject.email,
      valueTagClass: as(forge.asn1.Type.IA5STRING),
    });
  }
  return attributes;
}

function defaultKeyUsage(isCa: boolean): KeyUsageName[] {
  return isCa ? ['keyCertSign', 'cRLSign'] : ['digitalSignature', 'keyEncipherment'];
}

/** DER BIT STRING of the named bits, trailing zero bits dropped as DER requires. */
function keyUsageValue(keyUsage: KeyUsageName[]): forge.asn1.Asn1 {
  const bits = KEY_USAGE_NAMES.map((name) => keyUsage.includes(name));
  const last = bits.lastIndexOf(true);
  if (last < 0) {
    throw new TypeError(
      'keyUsage needs at least one usage; pass null for a certificate without the extension.',
    );
  }
  const bytes = new Uint8Array((last >> 3) + 1);
  bits.forEach((set, bit) => {
    if (set) {
      bytes[bit >> 3]! |= 0x80 >> (bit & 7);
    }
  });
  const unusedBits = 7 - (last & 7);
  return forge.asn1.create(
    forge.asn1.Class.UNIVERSAL,
    forge.asn1.Type.BITSTRING,
    false,
    String.fromCharCode(unusedBits) + Buffer.from(bytes).toString('binary'),
  );
}

function extendedKeyUsageValue(purposes: string[]): forge.asn1.Asn1 {
  const oids = purposes.map((purpose) => {
    const oid = (EXTENDED_KEY_USAGE_OIDS as Record<string, string>)[purpose] ?? purpose;
    if (!/^[0-2](\.\d+)+$/.test(oid)) {
      throw new TypeError(`'${purpose}' is neither a known extended key usage nor a dotted OID.`);
    }
    return forge.asn1.create(
      forge.asn1.Class.UNIVERSAL,
      forge.asn1.Type.OID,
      false,
      forge.asn1.oidToDer(oid).getBytes(),
    );
  });
  return forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.SEQUENCE, true, oids);
}

function serialNumberHex(serialNumber: string | undefined): string {
  if (serialNumber === undefined) {
    const random = randomBytes(16);
    random[0] = (random[0]! & 0x7f) | 0x01;
    return random.toString('hex');
  }
  if (!/^[0-9a-fA-F]+$/.test(serialNumber)) {
    throw new TypeError(`serialNumber must be hexadecimal, not '${serialNumber}'.`);
  }
  const even = serialNumber.length % 2 === 0 ? serialNumber : `0${serialNumber}`;
  // The serial is a DER INTEGER: a leading byte of 0x80 or more would make it negative.
  return /^[89a-fA-F]/.test(even) ? `00${even}` : even;
}

function issuerDer(issuer: CertificateIssuer): Uint8Array {
  return issuer.certificate instanceof Uint8Array ? issuer.certificate : issuer.certificate.der;
}

/** The CA's own SubjectKeyIdentifier, so chain builders can match the two without comparing names. */
function authorityKeyIdentifier(issuerCertificate: forge.pki.Certificate): string {
  const extension = issuerCertificate.getExtension('subjectKeyIdentifier') as
    { subjectKeyIdentifier?: string } | undefined;
  return extension?.subjectKeyIdentifier === undefined
    ? issuerCertificate.generateSubjectKeyIdentifier().getBytes()
    : forge.util.hexToBytes(extension.subjectKeyIdentifier);
}
