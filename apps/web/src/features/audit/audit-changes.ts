import { formatThumbprintDisplay } from '@bts-console/domain';

/** One line of an audit entry's before → after: a field in words, and its two values as text. */
export type AuditChange = { field: string; before: string; after: string };

const FIELD_LABELS: Record<string, string> = {
  acknowledgedMissingOn: 'Acknowledged missing on',
  warnings: 'Warnings',
  status: 'Status',
  roles: 'Roles',
  sessionsEnded: 'Sessions ended',
  tokensRevoked: 'Tokens revoked',
  computer: 'Computer',
  friendlyName: 'Friendly name',
};

const NONE = '(none)';

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function text(value: unknown): string {
  if (value === undefined || value === null || value === '') return NONE;
  if (Array.isArray(value)) return value.length === 0 ? NONE : value.map(text).join(', ');
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  return JSON.stringify(value);
}

/** A certificate as people name it: its common name, then its thumbprint in the grouped form. */
function certificateText(value: Record<string, unknown>): string {
  const thumbprint = value.thumbprint;
  if (typeof thumbprint !== 'string') return NONE;
  const commonName = typeof value.commonName === 'string' ? value.commonName : null;
  const grouped = /^[0-9A-F]{40}$/.test(thumbprint) ? formatThumbprintDisplay(thumbprint) : thumbprint;
  return commonName ? `${commonName} (${grouped})` : grouped;
}

function labelOf(key: string): string {
  const known = FIELD_LABELS[key];
  if (known) return known;
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * An audit entry's before and after as the fields that matter, in words: the certificate with its common
 * name, the servers acknowledged, and the batch it was part of. A field the same on both sides is left out
 * unless it is the certificate, which says what the entry is about.
 */
export function auditChanges(before: unknown, after: unknown, batchId: string | null): AuditChange[] {
  const was = record(before);
  const is = record(after);
  const changes: AuditChange[] = [];
  if ('thumbprint' in was || 'thumbprint' in is) {
    changes.push({ field: 'Certificate', before: certificateText(was), after: certificateText(is) });
  }
  const keys = [...new Set([...Object.keys(was), ...Object.keys(is)])].filter(
    (key) => key !== 'thumbprint' && key !== 'commonName',
  );
  for (const key of keys) {
    const change = { field: labelOf(key), before: text(was[key]), after: text(is[key]) };
    if (change.before !== change.after) changes.push(change);
  }
  if (batchId) changes.push({ field: 'Batch', before: '', after: batchId });
  return changes;
}
