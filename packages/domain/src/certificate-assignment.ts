import { daysLeftInWords, daysUntilExpiry, isExpired, isExpiring, isNotYetValid } from './certificate-health';
import type { PortUseReason } from './contract/certificates';
import type { Warning } from './contract/send-ports';
import { formatThumbprintDisplay, type ThumbprintError } from './thumbprint';

/** What the rules read of a certificate the group knows (a stored certificate has these fields and more). */
export interface KnownCertificate {
  /** Canonical form. */
  thumbprint: string;
  subjectCommonName: string | null;
  notBefore: string;
  notAfter: string;
  /** Key usage names; null when the certificate has no KeyUsage extension. */
  keyUsage: readonly string[] | null;
}

/** Everything DESIGN §3 decides with, read beforehand: the rules themselves read nothing. */
export interface CertificateAssignmentFacts {
  /** The port and the names of the servers that process it (DESIGN §2). */
  port: { name: string; processingServers: readonly string[] };
  /** The canonical thumbprint asked for. */
  thumbprint: string;
  /** The certificate of that thumbprint, or null when the group knows none. */
  certificate: KnownCertificate | null;
  /** The computers whose Other People store holds it. */
  holders: readonly string[];
  /**
   * What the request acknowledges: the servers that may lack the certificate (exactly those), and that
   * the certificate is not valid yet (DESIGN §3 d).
   */
  acknowledge?: { missingOn?: readonly string[]; notYetValid?: boolean };
  now: Date;
  /** The first threshold of `BTS_EXPIRY_WARNING_DAYS`: within it, the certificate is saved with a warning. */
  expiringWithinDays: number;
}

/**
 * Why an assignment is refused, by DESIGN §3's codes. `message` says what is wrong and what to do,
 * except for `certificate-missing-on-servers` and `certificate-not-yet-valid`, whose remedy (an
 * acknowledgement) is worded by each channel: the API's request fields, a binding import's query parameter.
 */
export type CertificateRefusal =
  | { code: 'invalid-thumbprint'; message: string; error: ThumbprintError }
  | { code: 'certificate-not-found'; message: string; thumbprint: string }
  | { code: 'certificate-expired'; message: string; thumbprint: string; notAfter: string }
  | {
      code: 'certificate-not-for-encryption';
      message: string;
      thumbprint: string;
      keyUsage: readonly string[] | null;
    }
  | { code: 'certificate-not-yet-valid'; message: string; thumbprint: string; notBefore: string }
  | { code: 'certificate-missing-on-servers'; message: string; servers: string[] }
  | { code: 'acknowledgement-mismatch'; message: string; servers: string[]; acknowledged: string[] };

export type CertificateDecision =
  | {
      ok: true;
      thumbprint: string;
      commonName: string | null;
      warnings: Warning[];
      /** The servers the request acknowledged (empty when the certificate is on every processing server). */
      acknowledgedMissingOn: string[];
    }
  | { ok: false; refusal: CertificateRefusal };

/** The refusal of a thumbprint that is not one (DESIGN §3 a), in the words of DESIGN §4. */
export function invalidThumbprint(error: ThumbprintError): CertificateRefusal {
  return { code: 'invalid-thumbprint', message: `The thumbprint is not valid: ${error.message}.`, error };
}

/** Whether a certificate's key may encrypt: no KeyUsage extension, or one that allows encipherment. */
export function keyUsageAllowsEncryption(keyUsage: readonly string[] | null): boolean {
  return keyUsage === null || keyUsage.includes('keyEncipherment') || keyUsage.includes('dataEncipherment');
}

/** The processing servers whose Other People store lacks the certificate; Windows names ignore case. */
export function serversLacking(processingServers: readonly string[], holders: readonly string[]): string[] {
  const holding = new Set(holders.map((name) => name.toLowerCase()));
  return processingServers.filter((server) => !holding.has(server.toLowerCase()));
}

/** `BTS01`, `BTS01 and BTS02`, `BTS01, BTS02 and BTS03`. */
export function listInWords(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * Why a send port processed on `processingServers` cannot use a certificate held by `holders`, each
 * reason that applies, in the order of DESIGN §3: expired, not valid yet, not for encryption, missing
 * on servers. Empty when it can. A certificate that is not valid yet can be assigned with an
 * acknowledgement; it is listed still, because every message sent before that date is suspended.
 */
export function portUseReasons(
  certificate: Pick<KnownCertificate, 'notBefore' | 'notAfter' | 'keyUsage'>,
  port: { processingServers: readonly string[] },
  holders: readonly string[],
  now: Date,
): PortUseReason[] {
  const reasons: PortUseReason[] = [];
  if (isExpired(certificate, now)) reasons.push({ code: 'expired', notAfter: certificate.notAfter });
  if (isNotYetValid(certificate, now))
    reasons.push({ code: 'not-yet-valid', notBefore: certificate.notBefore });
  if (!keyUsageAllowsEncryption(certificate.keyUsage)) {
    reasons.push({
      code: 'not-for-encryption',
      keyUsage: certificate.keyUsage ? [...certificate.keyUsage] : null,
    });
  }
  const missing = serversLacking(port.processingServers, holders);
  if (missing.length > 0) reasons.push({ code: 'missing-on-servers', servers: missing });
  return reasons;
}

/** A reason in the words Select Certificate marks a row with, e.g. `Missing on BTS02 for this port`. */
export function portUseReasonLabel(reason: PortUseReason): string {
  switch (reason.code) {
    case 'expired':
      return 'Expired';
    case 'not-yet-valid':
      return `Not valid until ${day(reason.notBefore)}`;
    case 'not-for-encryption':
      return 'Not for encryption (key usage)';
    case 'missing-on-servers':
      return `Missing on ${listInWords(reason.servers)} for this port`;
  }
}

/**
 * Decides whether a certificate may be assigned to a port, by the rules of DESIGN §3, in this order:
 * existence in some Other People store, suitability (expired, not for encryption, not yet valid unless
 * acknowledged), presence on every
 * processing server, then the warnings. Suitability comes before presence so that nobody is asked to
 * acknowledge missing servers, or to import the certificate there, for a certificate that would be
 * refused anyway. Pure: the console's assignment, the CLI and binding import read the facts (for one
 * port or a thousand) and decide through this function.
 */
export function decideCertificateAssignment(facts: CertificateAssignmentFacts): CertificateDecision {
  const { port, thumbprint, certificate, now } = facts;
  const display = formatThumbprintDisplay(thumbprint);
  if (!certificate || facts.holders.length === 0) {
    return refuse({
      code: 'certificate-not-found',
      message: `No certificate with thumbprint ${display} is in the Other People store of any computer in this group. Import the partner's certificate into the Other People store of the servers that process send port '${port.name}', then assign it.`,
      thumbprint,
    });
  }

  const named = certificate.subjectCommonName
    ? `'${certificate.subjectCommonName}'`
    : `with thumbprint ${display}`;
  if (isExpired(certificate, now)) {
    return refuse({
      code: 'certificate-expired',
      message: `The certificate ${named} expired on ${day(certificate.notAfter)}; BizTalk cannot encrypt messages with an expired certificate. Ask the partner for their renewed certificate, import it, and assign that one.`,
      thumbprint,
      notAfter: certificate.notAfter,
    });
  }
  if (!keyUsageAllowsEncryption(certificate.keyUsage)) {
    return refuse({
      code: 'certificate-not-for-encryption',
      message: `The certificate ${named} cannot encrypt messages: its key usage is ${(certificate.keyUsage ?? []).join(', ') || 'empty'}, without key encipherment or data encipherment. Ask the partner for their encryption certificate.`,
      thumbprint,
      keyUsage: certificate.keyUsage,
    });
  }

  const notYetValid = isNotYetValid(certificate, now);
  if (notYetValid && facts.acknowledge?.notYetValid !== true) {
    return refuse({
      code: 'certificate-not-yet-valid',
      message: `The certificate ${named} is not valid until ${moment(certificate.notBefore)}; every message sent through send port '${port.name}' before then would be suspended.`,
      thumbprint,
      notBefore: certificate.notBefore,
    });
  }

  const missing = serversLacking(port.processingServers, facts.holders);
  const asSent = facts.acknowledge?.missingOn;
  const acknowledged = acknowledgedServers(asSent);
  if (!sameServers(missing, acknowledged)) {
    return refuse(presenceRefusal(port.name, named, missing, acknowledged, asSent));
  }
  const warnings: Warning[] = [];
  if (missing.length > 0) {
    warnings.push({
      code: 'missing-on-servers-acknowledged',
      message: `The certificate ${named} is not in the Other People store of ${listInWords(missing)}: messages that ${listInWords(missing)} ${missing.length === 1 ? 'processes' : 'process'} for send port '${port.name}' will be suspended until it is imported there.`,
      servers: missing,
    });
  }
  if (notYetValid) {
    warnings.push({
      code: 'certificate-not-yet-valid',
      message: `The certificate ${named} is not valid until ${moment(certificate.notBefore)}; messages sent through '${port.name}' before then will be suspended.`,
    });
  }
  if (isExpiring(certificate, now, facts.expiringWithinDays)) {
    const daysLeft = daysUntilExpiry(certificate.notAfter, now);
    warnings.push({
      code: 'certificate-expiring',
      message: `The certificate ${named} expires on ${day(certificate.notAfter)}, ${daysLeftInWords(daysLeft)}. Ask the partner for their renewed certificate.`,
      daysLeft,
    });
  }
  return {
    ok: true,
    thumbprint,
    commonName: certificate.subjectCommonName,
    warnings,
    acknowledgedMissingOn: missing,
  };
}

function refuse(refusal: CertificateRefusal): CertificateDecision {
  return { ok: false, refusal };
}

function presenceRefusal(
  portName: string,
  named: string,
  missing: string[],
  acknowledged: string[],
  asSent: readonly string[] | undefined,
): CertificateRefusal {
  if (asSent === undefined || asSent.length === 0) {
    return {
      code: 'certificate-missing-on-servers',
      message: `The certificate ${named} is not in the Other People store of ${listInWords(missing)}, which ${missing.length === 1 ? 'processes' : 'process'} send port '${portName}': messages would be suspended there and errors logged.`,
      servers: missing,
    };
  }
  const expected =
    missing.length === 0
      ? `none: the certificate is in the Other People store of every server that processes send port '${portName}', so leave acknowledgeMissingOn out`
      : `${JSON.stringify(missing)}, the servers that process send port '${portName}' and lack the certificate`;
  return {
    code: 'acknowledgement-mismatch',
    message: `acknowledgeMissingOn must name exactly ${expected}. It named ${JSON.stringify(acknowledged)}.`,
    servers: missing,
    acknowledged,
  };
}

/** Windows computer names compare without case; repeats and surrounding spaces mean nothing. */
function acknowledgedServers(names: readonly string[] | undefined): string[] {
  const seen = new Map<string, string>();
  for (const name of names ?? []) {
    const trimmed = name.trim();
    if (trimmed !== '' && !seen.has(trimmed.toLowerCase())) seen.set(trimmed.toLowerCase(), trimmed);
  }
  return [...seen.values()];
}

function sameServers(missing: string[], acknowledged: string[]): boolean {
  if (missing.length !== acknowledged.length) return false;
  const expected = new Set(missing.map((name) => name.toLowerCase()));
  return acknowledged.every((name) => expected.has(name.toLowerCase()));
}

function day(iso: string): string {
  return iso.slice(0, 10);
}

/** A Not Before is often not midnight, and a message sent an hour early is still suspended. */
function moment(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}
