import { X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { asn1FromBytes, bytesFromAsn1 } from './forge-asn1';
import { DER_TAG, contextTag, encoded, readChildren, readElement } from './der-reader';
import { parseCertificate } from './parse-certificate';
import { X509Error } from './x509-error';

const MIME_LINE = 76;

/**
 * Encrypts a message for the holder of the certificate, as the MIME/SMIME encoder of a send pipeline does:
 * a MIME entity `smime.p7m` carrying PKCS#7 EnvelopedData (AES-256-CBC, RSA key transport).
 *
 * The encrypted content is the message bytes themselves, not a MIME part around them, so
 * `openssl smime -decrypt -in smime.p7m -inkey key.pem` gives back exactly the message that was sent.
 * RSA certificates only: EC keys need key agreement, which PKCS#7 EnvelopedData here does not do.
 */
export function encryptSmime(message: Uint8Array, certificateDer: Uint8Array): string {
  const recipient = parseCertificate(certificateDer);
  if (recipient.publicKeyAlgorithm !== 'RSA') {
    throw new X509Error(
      'unsupported-key',
      `The key of certificate ${recipient.subjectCommonName ?? recipient.thumbprint} is ${recipient.publicKeyAlgorithm} (${recipient.publicKeySize} bits); S/MIME encryption needs an RSA key. Ask the partner for an RSA encryption certificate.`,
    );
  }
  const recipientCertificate = forge.pki.createCertificate();
  recipientCertificate.publicKey = rsaPublicKey(recipient.der);
  // Placeholder: the real issuer and serial are copied byte for byte below.
  recipientCertificate.serialNumber = '00';

  const envelope = forge.pkcs7.createEnvelopedData();
  envelope.addRecipient(recipientCertificate);
  envelope.content = forge.util.createBuffer(Buffer.from(message).toString('binary'));
  envelope.encrypt(undefined, forge.pki.oids['aes256-CBC']);
  const contentInfo = envelope.toAsn1();
  setIssuerAndSerialNumber(contentInfo, issuerAndSerialNumber(recipient.der));

  const der = bytesFromAsn1(contentInfo);
  const lines = der.toString('base64').match(new RegExp(`.{1,${MIME_LINE}}`, 'g')) ?? [];
  return [
    'MIME-Version: 1.0',
    'Content-Disposition: attachment; filename="smime.p7m"',
    'Content-Type: application/pkcs7-mime; smime-type=enveloped-data; name="smime.p7m"',
    'Content-Transfer-Encoding: base64',
    '',
    ...lines,
    '',
  ].join('\r\n');
}

function rsaPublicKey(certificateDer: Buffer): forge.pki.rsa.PublicKey {
  try {
    const spki = new X509Certificate(certificateDer).publicKey.export({ type: 'spki', format: 'der' });
    return forge.pki.publicKeyFromAsn1(asn1FromBytes(spki));
  } catch {
    throw new X509Error(
      'unsupported-key',
      "The certificate's RSA public key cannot be read, so nothing can be encrypted for it. Ask the partner for a new encryption certificate.",
    );
  }
}

/**
 * The recipient is named by the issuer and serial exactly as encoded in its certificate. node-forge would
 * re-encode the issuer name, which changes string types it does not know and then no decryptor finds its key.
 */
function issuerAndSerialNumber(certificateDer: Buffer): forge.asn1.Asn1 {
  const tbs = readChildren(certificateDer, readElement(certificateDer, 0))[0]!;
  const fields = readChildren(certificateDer, tbs);
  const serialAt = fields[0]?.tag === contextTag(0) ? 1 : 0;
  const serial = fields[serialAt]!;
  const issuer = fields[serialAt + 2]!;
  if (serial.tag !== DER_TAG.INTEGER || issuer.tag !== DER_TAG.SEQUENCE) {
    throw new X509Error('not-a-certificate', 'The recipient certificate has no issuer and serial number.');
  }
  return forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.SEQUENCE, true, [
    asn1FromBytes(encoded(certificateDer, issuer)),
    asn1FromBytes(encoded(certificateDer, serial)),
  ]);
}

/** ContentInfo → [0] → EnvelopedData → recipientInfos (SET) → RecipientInfo → issuerAndSerialNumber. */
function setIssuerAndSerialNumber(contentInfo: forge.asn1.Asn1, replacement: forge.asn1.Asn1): void {
  const child = (node: forge.asn1.Asn1 | undefined, index: number): forge.asn1.Asn1 => {
    const value = node?.value;
    if (!Array.isArray(value) || value[index] === undefined) {
      throw new Error('node-forge produced EnvelopedData of an unexpected shape');
    }
    return value[index];
  };
  const envelopedData = child(child(contentInfo, 1), 0);
  const recipientInfo = child(child(envelopedData, 1), 0);
  child(recipientInfo, 1);
  // child() has checked that value is an array with an issuerAndSerialNumber slot.
  (recipientInfo.value as forge.asn1.Asn1[])[1] = replacement;
}
