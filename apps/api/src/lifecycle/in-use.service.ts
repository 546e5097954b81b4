import {
  daysUntilExpiry,
  DEFAULT_EXPIRY_WARNING_DAYS,
  expiryBadge,
  inUseHealth,
  serversLacking,
  type CertificateInUse,
  type CertificatesInUseList,
  type CertificatesInUseQuery,
  type InUseHealth,
  type InUseSort,
} from '@bts-console/domain';
import type { CertificateReferences } from './certificate-references';

/** Worst first, for rows with the same days left (and the missing ones, which have none). */
const HEALTH_ORDER: Record<InUseHealth, number> = {
  expired: 0,
  missing: 1,
  'not-yet-valid': 2,
  expiring: 3,
  valid: 4,
};

/**
 * Certificates → In Use (DESIGN §12): one row per certificate that a send port references, sorted by
 * days left (those no store holds any more first, then by thumbprint), filtered and paged, from the
 * group's certificate references (certificate-references.ts), with health decided at `now`.
 */
export function listCertificatesInUse(
  { ports, certificates, holders, serversByHandler }: CertificateReferences,
  query: CertificatesInUseQuery,
  warningDays: readonly number[] = DEFAULT_EXPIRY_WARNING_DAYS,
  now: Date,
): CertificatesInUseList {
  const serverNames = new Map(
    [...serversByHandler].map(([id, servers]) => [id, servers.map((server) => server.name)]),
  );

  const rows = new Map<string, CertificateInUse>();
  for (const port of ports) {
    let row = rows.get(port.thumbprint);
    if (!row) {
      const certificate = certificates.get(port.thumbprint) ?? null;
      const held = holders.get(port.thumbprint) ?? [];
      const daysLeft = certificate ? daysUntilExpiry(certificate.notAfter, now) : null;
      row = {
        thumbprint: port.thumbprint,
        commonName: certificate?.subjectCommonName ?? port.commonName,
        notBefore: certificate?.notBefore ?? null,
        notAfter: certificate?.notAfter ?? null,
        daysLeft,
        health: inUseHealth(certificate, held.length > 0, warningDays, now),
        badge: expiryBadge(daysLeft, warningDays),
        sendPorts: [],
        missingOn: [],
      };
      rows.set(port.thumbprint, row);
    }
    row.sendPorts.push({ name: port.name, application: port.application });
    const lacking = serversLacking(
      serverNames.get(port.sendHandlerHostId) ?? [],
      holders.get(port.thumbprint) ?? [],
    );
    for (const server of lacking) if (!row.missingOn.includes(server)) row.missingOn.push(server);
  }

  const wanted = query.health === undefined ? null : new Set([query.health].flat());
  const term = query.q?.trim().toLowerCase() ?? '';
  const all = [...rows.values()].map((row) => ({ ...row, missingOn: row.missingOn.sort() }));
  const compare = IN_USE_COMPARE[query.sort ?? 'daysLeft'];
  const direction = query.order === 'desc' ? -1 : 1;
  const matching = all
    .filter((row) => (wanted === null || wanted.has(row.health)) && (term === '' || mentions(row, term)))
    .sort((a, b) => direction * compare(a, b) || byDaysLeft(a, b));
  return {
    items: matching.slice(query.offset, query.offset + query.limit),
    total: matching.length,
    warningDays: [...warningDays],
    unfilteredTotal: all.length,
    problems: all.filter((row) => row.health !== 'valid' || row.missingOn.length > 0).length,
  };
}

/** Thumbprints are 40 upper-case hex digits: their order is the order of their characters. */
function byThumbprint(a: CertificateInUse, b: CertificateInUse): number {
  return a.thumbprint < b.thumbprint ? -1 : a.thumbprint > b.thumbprint ? 1 : 0;
}

/** Days left (those no store holds any more first), then the worst health, then the thumbprint. */
function byDaysLeft(a: CertificateInUse, b: CertificateInUse): number {
  return (
    (a.daysLeft ?? -Infinity) - (b.daysLeft ?? -Infinity) ||
    HEALTH_ORDER[a.health] - HEALTH_ORDER[b.health] ||
    byThumbprint(a, b)
  );
}

// One collator for every comparison, as localeCompare without arguments compares: a sort of 16,000
// rows makes hundreds of thousands of comparisons.
const TEXT_ORDER = new Intl.Collator();

const text = (value: string | null) => (value ?? '').toLowerCase();

/** Each column's order; ties fall back to days left, so that pages never overlap. */
const IN_USE_COMPARE: Record<InUseSort, (a: CertificateInUse, b: CertificateInUse) => number> = {
  daysLeft: byDaysLeft,
  issuedTo: (a, b) => TEXT_ORDER.compare(text(a.commonName), text(b.commonName)),
  thumbprint: byThumbprint,
  health: (a, b) => HEALTH_ORDER[a.health] - HEALTH_ORDER[b.health],
  sendPorts: (a, b) =>
    TEXT_ORDER.compare(
      text(a.sendPorts.map((port) => port.name).join(', ')),
      text(b.sendPorts.map((port) => port.name).join(', ')),
    ),
  missingOn: (a, b) =>
    a.missingOn.length - b.missingOn.length || TEXT_ORDER.compare(a.missingOn.join(), b.missingOn.join()),
};

function mentions(row: CertificateInUse, term: string): boolean {
  const compact = term.replace(/[\s:-]/g, '');
  return (
    (row.commonName ?? '').toLowerCase().includes(term) ||
    (compact !== '' && row.thumbprint.toLowerCase().includes(compact)) ||
    row.sendPorts.some(
      (port) => port.name.toLowerCase().includes(term) || port.application.toLowerCase().includes(term),
    ) ||
    row.missingOn.some((server) => server.toLowerCase().includes(term))
  );
}
