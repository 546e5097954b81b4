import {
  decideCertificateAssignment,
  serversLacking,
  type CertificateRefusal,
  type KnownCertificate,
} from './certificate-assignment';
import type {
  ChangedPort,
  PreviewedPort,
  ReplacementPort,
  ReplacementPortOutcome,
  ReplacementPortReason,
} from './contract/lifecycle';

/** A port that uses the certificate being replaced, as read for the decision. */
export interface PortUsingCertificate {
  name: string;
  application: string;
  etag: string;
  processingServers: readonly string[];
}

/** Everything DESIGN §12 decides a replacement with, read beforehand. */
export interface CertificateReplacementFacts {
  /** Canonical thumbprint of the successor. */
  successorThumbprint: string;
  successor: KnownCertificate | null;
  /** The computers whose Other People store holds the successor. */
  holders: readonly string[];
  ports: readonly PortUsingCertificate[];
  acknowledge: {
    /** Per port name (any case), exactly the servers that may lack the successor. */
    missingOn?: Readonly<Record<string, readonly string[]>>;
    notYetValid?: boolean;
  };
  now: Date;
  /** The first threshold of `BTS_EXPIRY_WARNING_DAYS` (DESIGN §3 d's expiring warning). */
  expiringWithinDays: number;
}

export interface CertificateReplacementDecision {
  /** True when every port may take the successor as requested. */
  ok: boolean;
  ports: ReplacementPort[];
}

/** Refusals that the request can lift with an acknowledgement; the others no acknowledgement helps. */
const ACKNOWLEDGEABLE: ReadonlySet<CertificateRefusal['code']> = new Set([
  'certificate-missing-on-servers',
  'acknowledgement-mismatch',
  'certificate-not-yet-valid',
]);

/**
 * Decides a replacement port by port with `decideCertificateAssignment`, the rules of DESIGN §3, so that a
 * replacement accepts exactly what assigning the successor to each port by hand would. Pure and linear in
 * the ports: the preview, the apply and the scheduler decide through it.
 */
export function decideCertificateReplacement(
  facts: CertificateReplacementFacts,
): CertificateReplacementDecision {
  const acknowledgedByPort = new Map(
    Object.entries(facts.acknowledge.missingOn ?? {}).map(([name, servers]) => [name.toLowerCase(), servers]),
  );
  let ok = true;
  const ports = facts.ports.map((port): ReplacementPort => {
    const decision = decideCertificateAssignment({
      port: { name: port.name, processingServers: port.processingServers },
      thumbprint: facts.successorThumbprint,
      certificate: facts.successor,
      holders: facts.holders,
      acknowledge: {
        missingOn: acknowledgedByPort.get(port.name.toLowerCase()),
        notYetValid: facts.acknowledge.notYetValid,
      },
      now: facts.now,
      expiringWithinDays: facts.expiringWithinDays,
    });
    const lacking = new Set(serversLacking(port.processingServers, facts.holders));
    const base = {
      name: port.name,
      application: port.application,
      etag: port.etag,
      processingServers: port.processingServers.map((name) => ({
        name,
        successorPresent: !lacking.has(name),
      })),
    };
    if (decision.ok) {
      return {
        ...base,
        outcome: 'ready',
        warnings: decision.warnings,
        acknowledgedMissingOn: decision.acknowledgedMissingOn,
      };
    }
    ok = false;
    const outcome: ReplacementPortOutcome = ACKNOWLEDGEABLE.has(decision.refusal.code)
      ? 'acknowledgement-needed'
      : 'refused';
    return {
      ...base,
      outcome,
      reason: replacementReason(decision.refusal),
      warnings: [],
      acknowledgedMissingOn: [],
    };
  });
  return { ok, ports };
}

/** A refusal as a replacement reports it per port, with the facts a client needs to acknowledge it. */
export function replacementReason(refusal: CertificateRefusal): ReplacementPortReason {
  switch (refusal.code) {
    case 'certificate-missing-on-servers':
      return {
        code: refusal.code,
        message: `${refusal.message} Import it there, or acknowledge exactly these servers for this port.`,
        servers: refusal.servers,
      };
    case 'acknowledgement-mismatch':
      return { code: refusal.code, message: refusal.message, servers: refusal.servers };
    case 'certificate-not-yet-valid':
      return {
        code: refusal.code,
        message: `${refusal.message} Schedule the replacement for then, or acknowledge that the certificate is not valid yet.`,
        notBefore: refusal.notBefore,
      };
    default:
      return { code: refusal.code, message: refusal.message };
  }
}

/**
 * The ports that differ from a preview (DESIGN §12): changed since (another ETag), no longer using the
 * old certificate, using it without having been previewed, or gone. Empty when the preview still holds.
 * `current` are the ports that use the old certificate now; `etagOf` reads any port's ETag now.
 */
export function portsChangedSincePreview(
  previewed: readonly PreviewedPort[],
  current: readonly { name: string; etag: string }[],
  etagOf: (name: string) => string | undefined,
): ChangedPort[] {
  const using = new Map(current.map((port) => [port.name.toLowerCase(), port]));
  const seen = new Set<string>();
  const changed: ChangedPort[] = [];
  for (const port of previewed) {
    const key = port.name.toLowerCase();
    seen.add(key);
    const now = using.get(key);
    if (now) {
      if (now.etag !== port.etag) changed.push({ name: now.name, change: 'changed', etag: now.etag });
      continue;
    }
    const etag = etagOf(port.name);
    changed.push(
      etag === undefined
        ? { name: port.name, change: 'not-found' }
        : { name: port.name, change: 'no-longer-uses', etag },
    );
  }
  for (const port of current) {
    if (!seen.has(port.name.toLowerCase()))
      changed.push({ name: port.name, change: 'not-previewed', etag: port.etag });
  }
  return changed;
}

/**
 * A weak ETag of a set of ports and their ETags, the same whatever their order: it changes when any port
 * changes, joins or leaves. FNV-1a, because the domain runs in the browser too and needs no secrecy here.
 */
export function portsEtag(ports: readonly { name: string; etag: string }[]): string {
  const text = ports
    .map((port) => `${port.name.toLowerCase()}\u0000${port.etag}`)
    .sort()
    .join('\u0001');
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `W/"${ports.length}-${hash.toString(16).padStart(8, '0')}"`;
}
