import { sql } from 'kysely';
import { parseJsonText, toCount, toIsoTime, toJsonText } from '../columns';
import type { AlertEvent, AlertWebhookStatus, Executor } from '../schema';

/** A certificate that a send port uses, with the ports; what the expiry check examines. */
export interface CertificateInUse {
  thumbprint: string;
  commonName: string | null;
  notAfter: string;
  sendPorts: { name: string; application: string; sendHandlerHostId: number | null }[];
}

/** Every known certificate that at least one send port uses, with those ports, by thumbprint. */
export async function listCertificatesInUse(db: Executor): Promise<CertificateInUse[]> {
  const rows = await db
    .selectFrom('sendPorts')
    .innerJoin('certificates', 'certificates.thumbprint', 'sendPorts.certificateThumbprint')
    .innerJoin('applications', 'applications.id', 'sendPorts.applicationId')
    .select([
      'certificates.thumbprint',
      'certificates.subjectCommonName',
      'certificates.notAfter',
      'sendPorts.name',
      'sendPorts.sendHandlerHostId',
      'applications.name as application',
    ])
    .orderBy('certificates.thumbprint')
    .orderBy('sendPorts.name')
    .execute();
  const byThumbprint = new Map<string, CertificateInUse>();
  for (const row of rows) {
    let entry = byThumbprint.get(row.thumbprint);
    if (!entry) {
      entry = {
        thumbprint: row.thumbprint,
        commonName: row.subjectCommonName,
        notAfter: row.notAfter,
        sendPorts: [],
      };
      byThumbprint.set(row.thumbprint, entry);
    }
    entry.sendPorts.push({
      name: row.name,
      application: row.application,
      sendHandlerHostId: row.sendHandlerHostId,
    });
  }
  return [...byThumbprint.values()];
}

export interface NewAlert {
  thumbprint: string;
  thresholdDays: number;
  event: AlertEvent;
  raisedAt: Date;
  commonName: string | null;
  notAfter: string;
  daysLeft: number;
  sendPorts: { name: string; application: string }[];
  servers: string[];
  superseded: boolean;
  webhookStatus: AlertWebhookStatus;
  webhookUrl: string | null;
  nextAttemptAt: Date | null;
}

/** An alert as the table stores it, JSON columns as text. */
function alertRow(alert: NewAlert) {
  return {
    thumbprint: alert.thumbprint,
    thresholdDays: alert.thresholdDays,
    event: alert.event,
    raisedAt: toIsoTime(alert.raisedAt),
    commonName: alert.commonName,
    notAfter: alert.notAfter,
    daysLeft: alert.daysLeft,
    sendPorts: toJsonText(alert.sendPorts),
    servers: toJsonText(alert.servers),
    superseded: alert.superseded ? (1 as const) : (0 as const),
    webhookStatus: alert.webhookStatus,
    webhookUrl: alert.webhookUrl,
    nextAttemptAt: alert.nextAttemptAt === null ? null : toIsoTime(alert.nextAttemptAt),
    leaseUntil: null,
  };
}

/**
 * Records an alert unless one exists for the same certificate and threshold: the unique key decides,
 * so of several processes only one gets an id back. Null when it was raised before.
 */
export async function insertAlertOnce(db: Executor, alert: NewAlert): Promise<number | null> {
  const row = await db
    .insertInto('alerts')
    .values(alertRow(alert))
    // The key of expiry alerts leaves out the alerts of failed replacements (migration 010).
    .onConflict((oc) =>
      oc.columns(['thumbprint', 'thresholdDays']).where('replacementId', 'is', null).doNothing(),
    )
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

/** What an alert of a failed scheduled replacement records of it. */
export interface ReplacementFailureOfAlert {
  to: string;
  at: string;
  code: string;
  message: string;
}

/**
 * Records the alert of a scheduled replacement that failed, unless one exists for it: the unique key on
 * the replacement's id (migration 010) decides. Null when it was raised before.
 */
export async function insertReplacementAlertOnce(
  db: Executor,
  alert: Omit<NewAlert, 'thresholdDays' | 'event' | 'superseded'> & {
    replacementId: string;
    failure: ReplacementFailureOfAlert;
  },
): Promise<number | null> {
  const row = await db
    .insertInto('alerts')
    .values({
      ...alertRow({ ...alert, thresholdDays: 0, event: 'certificate.replacement-failed', superseded: false }),
      replacementId: alert.replacementId,
      replacementFailure: toJsonText(alert.failure),
    })
    .onConflict((oc) => oc.column('replacementId').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

export interface AlertAttempt {
  at: string;
  outcome: 'delivered' | 'failed';
  responseCode: number | null;
  error: string | null;
}

export interface Alert {
  id: number;
  thumbprint: string;
  thresholdDays: number;
  event: AlertEvent;
  raisedAt: string;
  commonName: string | null;
  notAfter: string;
  daysLeft: number;
  sendPorts: { name: string; application: string }[];
  servers: string[];
  webhookStatus: AlertWebhookStatus;
  webhookUrl: string | null;
  nextAttemptAt: string | null;
  /** For a failed scheduled replacement: which, and why. */
  replacementId: string | null;
  replacementFailure: ReplacementFailureOfAlert | null;
  attempts: AlertAttempt[];
}

const ALERT_COLUMNS = [
  'id',
  'thumbprint',
  'thresholdDays',
  'event',
  'raisedAt',
  'commonName',
  'notAfter',
  'daysLeft',
  'sendPorts',
  'servers',
  'webhookStatus',
  'webhookUrl',
  'nextAttemptAt',
  'replacementId',
  'replacementFailure',
] as const;

/** The alerts that were announced (not those a nearer threshold superseded), newest first, one page. */
export async function listAlerts(
  db: Executor,
  page: { limit: number; offset: number },
): Promise<{ items: Alert[]; total: number }> {
  const announced = db.selectFrom('alerts').where('superseded', '=', 0);
  const [rows, count] = await Promise.all([
    announced
      .select(ALERT_COLUMNS)
      .orderBy('raisedAt', 'desc')
      .orderBy('id', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    announced.select(sql<number>`count(*)`.as('total')).executeTakeFirstOrThrow(),
  ]);
  const attempts = new Map<number, AlertAttempt[]>();
  if (rows.length > 0) {
    const attemptRows = await db
      .selectFrom('alertAttempts')
      .select(['alertId', 'at', 'outcome', 'responseCode', 'error'])
      .where(
        'alertId',
        'in',
        rows.map((row) => row.id),
      )
      .orderBy('id')
      .execute();
    for (const { alertId, ...attempt } of attemptRows) {
      const list = attempts.get(alertId) ?? [];
      list.push({
        ...attempt,
        responseCode: attempt.responseCode === null ? null : Number(attempt.responseCode),
      });
      attempts.set(alertId, list);
    }
  }
  return {
    items: rows.map((row) => ({
      ...row,
      thresholdDays: Number(row.thresholdDays),
      daysLeft: Number(row.daysLeft),
      sendPorts: parseJsonText<{ name: string; application: string }[]>(row.sendPorts),
      servers: parseJsonText<string[]>(row.servers),
      replacementFailure: failureOf(row.replacementFailure),
      attempts: attempts.get(row.id) ?? [],
    })),
    total: toCount(count.total),
  };
}

/** A webhook delivery that is due: its alert's payload facts and where to post them. */
export type DueDelivery = Omit<Alert, 'attempts'> & { webhookUrl: string };

/** Alerts whose webhook is due at `now` and that no process holds, oldest first. */
export async function listDueDeliveries(db: Executor, now: Date, limit = 100): Promise<DueDelivery[]> {
  const at = toIsoTime(now);
  const rows = await db
    .selectFrom('alerts')
    .select(ALERT_COLUMNS)
    .where('webhookStatus', '=', 'pending')
    .where('nextAttemptAt', '<=', at)
    .where((eb) => eb.or([eb('leaseUntil', 'is', null), eb('leaseUntil', '<=', at)]))
    .where('webhookUrl', 'is not', null)
    .orderBy('nextAttemptAt')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    ...row,
    webhookUrl: row.webhookUrl ?? '',
    thresholdDays: Number(row.thresholdDays),
    daysLeft: Number(row.daysLeft),
    sendPorts: parseJsonText<{ name: string; application: string }[]>(row.sendPorts),
    servers: parseJsonText<string[]>(row.servers),
    replacementFailure: failureOf(row.replacementFailure),
  }));
}

function failureOf(text: string | null): ReplacementFailureOfAlert | null {
  return text === null ? null : parseJsonText<ReplacementFailureOfAlert>(text);
}

/**
 * Takes the delivery of one alert's webhook until `leaseUntil`, if it is still due and no other process
 * holds it: true for the one process whose update found it so.
 */
export async function claimDelivery(
  db: Executor,
  alertId: number,
  now: Date,
  leaseUntil: Date,
): Promise<boolean> {
  const at = toIsoTime(now);
  const result = await db
    .updateTable('alerts')
    .set({ leaseUntil: toIsoTime(leaseUntil) })
    .where('id', '=', alertId)
    .where('webhookStatus', '=', 'pending')
    .where('nextAttemptAt', '<=', at)
    .where((eb) => eb.or([eb('leaseUntil', 'is', null), eb('leaseUntil', '<=', at)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Records one webhook attempt and what follows from it: delivered, retried at a time, or given up. */
export async function recordDeliveryAttempt(
  db: Executor,
  alertId: number,
  attempt: { at: Date; outcome: 'delivered' | 'failed'; responseCode: number | null; error: string | null },
  next: { webhookStatus: AlertWebhookStatus; nextAttemptAt: Date | null },
): Promise<void> {
  await db
    .insertInto('alertAttempts')
    .values({
      alertId,
      at: toIsoTime(attempt.at),
      outcome: attempt.outcome,
      responseCode: attempt.responseCode,
      error: attempt.error,
    })
    .execute();
  await db
    .updateTable('alerts')
    .set({
      webhookStatus: next.webhookStatus,
      nextAttemptAt: next.nextAttemptAt === null ? null : toIsoTime(next.nextAttemptAt),
      leaseUntil: null,
    })
    .where('id', '=', alertId)
    .execute();
}

/** How many webhook attempts an alert has had. */
export async function countDeliveryAttempts(db: Executor, alertId: number): Promise<number> {
  const row = await db
    .selectFrom('alertAttempts')
    .select(sql<number>`count(*)`.as('attempts'))
    .where('alertId', '=', alertId)
    .executeTakeFirstOrThrow();
  return toCount(row.attempts);
}
