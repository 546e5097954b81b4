import {
  appendEventLogEntry,
  claimDelivery,
  getCertificates,
  getProcessingServers,
  getSendPortByName,
  insertReplacementAlertOnce,
  countDeliveryAttempts,
  getProcessingServersBySendHandler,
  insertAlertOnce,
  listAlerts,
  listCertificatesInUse,
  listDueDeliveries,
  recordDeliveryAttempt,
  withTransaction,
  type CertificateInUse,
  type DueDelivery,
  type Executor,
  type StoredReplacement,
} from '@bts-console/db';
import {
  DEFAULT_EXPIRY_WARNING_DAYS,
  daysUntilExpiry,
  formatThumbprintDisplay,
  type AlertList,
  type AlertWebhookPayload,
  type Clock,
  type PageQuery,
} from '@bts-console/domain';

/** The event log source of the entries alerts write on the processing servers. */
export const ALERT_EVENT_SOURCE = 'BizTalk Server Certificate Monitor';
/** Event ids of the two kinds of entry, so monitoring that reads Windows event logs can match them. */
export const ALERT_EVENT_IDS = { expiring: 5801, expired: 5802, replacementFailed: 5803 } as const;

const MINUTE_MS = 60_000;
/** Retries start a minute after a failure and double, up to an hour apart (DESIGN §13: for 24 hours). */
const FIRST_RETRY_MS = MINUTE_MS;
const LONGEST_RETRY_MS = 60 * MINUTE_MS;
const RETRY_FOR_MS = 24 * 60 * MINUTE_MS;
/** Long enough for one POST with its timeout; a process that dies holding it frees it by then. */
const DELIVERY_LEASE_MS = 2 * MINUTE_MS;
const WEBHOOK_TIMEOUT_MS = 10_000;

/** How long after the given failed attempt (1 for the first) the next one is made. */
export function retryDelayMs(attempt: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** (attempt - 1), LONGEST_RETRY_MS);
}

export interface AlertOptions {
  expiryWarningDays?: readonly number[];
  alertWebhookUrl?: string;
}

/**
 * The thresholds a certificate with this many days left has crossed, farthest first; 0 stands for the
 * expiry itself. Empty while it is short of every threshold.
 */
export function crossedThresholds(
  thresholds: readonly number[],
  daysLeft: number,
  expired: boolean,
): number[] {
  const crossed = [...thresholds].filter((days) => daysLeft <= days).sort((a, b) => b - a);
  return expired ? [...crossed, 0] : crossed;
}

function eventText(certificate: CertificateInUse, expired: boolean, daysLeft: number): string {
  const name = certificate.commonName ? `'${certificate.commonName}'` : 'without a common name';
  const ports = certificate.sendPorts.map((port) => `'${port.name}'`).join(', ');
  const portsText = certificate.sendPorts.length === 1 ? `send port ${ports}` : `send ports ${ports}`;
  const identity = `The encryption certificate ${name} (thumbprint ${formatThumbprintDisplay(certificate.thumbprint)}) of ${portsText}`;
  if (expired) {
    return `${identity} expired on ${certificate.notAfter}. Messages these ports send are suspended until a valid certificate is assigned: replace it.`;
  }
  const when = daysLeft === 0 ? 'today' : daysLeft === 1 ? 'in 1 day' : `in ${daysLeft} days`;
  return `${identity} expires ${when}, on ${certificate.notAfter}. Replace it before then, or messages these ports send will be suspended.`;
}

/**
 * Examines every certificate in use and raises the alert of the nearest threshold it has crossed, once:
 * the unique key of migration 005 lets one process in, and the event log entries on the processing
 * servers are written in the same transaction, so they too are written once. Farther thresholds crossed
 * at the same time count as raised and announce nothing. Returns the ids of the alerts raised.
 */
export async function checkExpiry(db: Executor, clock: Clock, options: AlertOptions): Promise<number[]> {
  const thresholds = options.expiryWarningDays ?? DEFAULT_EXPIRY_WARNING_DAYS;
  const raised: number[] = [];
  for (const certificate of await listCertificatesInUse(db)) {
    const now = clock.now();
    const expired = Date.parse(certificate.notAfter) <= now.getTime();
    const daysLeft = daysUntilExpiry(certificate.notAfter, now);
    const crossed = crossedThresholds(thresholds, daysLeft, expired);
    const nearest = crossed.at(-1);
    if (nearest === undefined) continue;
    const id = await withTransaction(db, async (trx) => {
      const servers = await processingServersOf(trx, certificate);
      const alert = {
        thumbprint: certificate.thumbprint,
        event: expired ? ('certificate.expired' as const) : ('certificate.expiring' as const),
        raisedAt: now,
        commonName: certificate.commonName,
        notAfter: certificate.notAfter,
        daysLeft,
        sendPorts: certificate.sendPorts.map(({ name, application }) => ({ name, application })),
        servers: servers.map((server) => server.name),
      };
      // Nearest first, in the same order in every process, so two transactions never wait on each other.
      const alertId = await insertAlertOnce(trx, {
        ...alert,
        thresholdDays: nearest,
        superseded: false,
        webhookStatus: options.alertWebhookUrl ? 'pending' : 'not-configured',
        webhookUrl: options.alertWebhookUrl ?? null,
        nextAttemptAt: options.alertWebhookUrl ? now : null,
      });
      for (const farther of crossed.slice(0, -1).reverse()) {
        await insertAlertOnce(trx, {
          ...alert,
          thresholdDays: farther,
          superseded: true,
          webhookStatus: 'none',
          webhookUrl: null,
          nextAttemptAt: null,
        });
      }
      if (alertId === null) return null;
      for (const server of servers) {
        await appendEventLogEntry(trx, {
          at: now,
          computerId: server.computerId,
          level: expired ? 'Error' : 'Warning',
          source: ALERT_EVENT_SOURCE,
          eventId: expired ? ALERT_EVENT_IDS.expired : ALERT_EVENT_IDS.expiring,
          text: eventText(certificate, expired, daysLeft),
        });
      }
      return alertId;
    });
    if (id !== null) raised.push(id);
  }
  return raised;
}

/**
 * Raises the alert of a scheduled replacement that was refused when it ran (DESIGN §12: "it raises an
 * alert that says why"), in the transaction that marks it failed: an Error entry in the event log of each
 * processing server of its ports, and the webhook, as the expiry alerts are. The unique key on the
 * replacement's id (migration 010) keeps it to one. Returns the alert's id, or null when it was raised.
 */
export async function raiseReplacementFailedAlert(
  db: Executor,
  clock: Clock,
  replacement: StoredReplacement,
  options: AlertOptions,
): Promise<number | null> {
  const now = clock.now();
  const certificates = await getCertificates(db, [replacement.fromThumbprint, replacement.toThumbprint]);
  const from = certificates.get(replacement.fromThumbprint);
  const sendPorts: { name: string; application: string }[] = [];
  const servers = new Map<number, string>();
  for (const listed of replacement.ports) {
    const port = await getSendPortByName(db, listed.name);
    if (!port) continue;
    sendPorts.push({ name: port.name, application: port.application });
    for (const server of await getProcessingServers(db, port.id)) servers.set(server.computerId, server.name);
  }
  const notAfter = from?.notAfter ?? replacement.at;
  const failure = replacement.failure ?? { code: 'replacement-failed', message: 'The replacement failed.' };
  const alertId = await insertReplacementAlertOnce(db, {
    thumbprint: replacement.fromThumbprint,
    raisedAt: now,
    commonName: from?.subjectCommonName ?? null,
    notAfter,
    daysLeft: daysUntilExpiry(notAfter, now),
    sendPorts,
    servers: [...servers.values()].sort((a, b) => a.localeCompare(b)),
    webhookStatus: options.alertWebhookUrl ? 'pending' : 'not-configured',
    webhookUrl: options.alertWebhookUrl ?? null,
    nextAttemptAt: options.alertWebhookUrl ? now : null,
    replacementId: replacement.id,
    failure: {
      to: replacement.toThumbprint,
      at: replacement.at,
      code: failure.code,
      message: failure.message,
    },
  });
  if (alertId === null) return null;
  const to = certificates.get(replacement.toThumbprint);
  const text = `The replacement of the encryption certificate ${from?.subjectCommonName ? `'${from.subjectCommonName}' ` : ''}(thumbprint ${formatThumbprintDisplay(replacement.fromThumbprint)}) by ${to?.subjectCommonName ? `'${to.subjectCommonName}' ` : ''}(thumbprint ${formatThumbprintDisplay(replacement.toThumbprint)}), scheduled for ${replacement.at}, did not run: ${failure.message}${portReasons(failure.ports)} The send ports ${sendPorts.map((port) => `'${port.name}'`).join(', ')} keep the certificate they had; preview the replacement again and apply or schedule it.`;
  for (const [computerId] of servers) {
    await appendEventLogEntry(db, {
      at: now,
      computerId,
      level: 'Error',
      source: ALERT_EVENT_SOURCE,
      eventId: ALERT_EVENT_IDS.replacementFailed,
      text,
    });
  }
  return alertId;
}

/** Each port's reason, after the replacement's own: the first ten, and how many more. */
function portReasons(ports: readonly { message: string }[] | undefined): string {
  if (!ports || ports.length === 0) return '';
  const shown = ports.slice(0, 10).map((port) => port.message);
  return ` ${shown.join(' ')}${ports.length > 10 ? ` And ${ports.length - 10} more.` : ''}`;
}

/** The hook of the replacement scheduler that raises the alert of each replacement that failed. */
export function replacementFailedAlerts(
  clock: Clock,
  options: AlertOptions,
): (replacement: StoredReplacement, trx: Executor) => Promise<void> {
  return async (replacement, trx) => {
    await raiseReplacementFailedAlert(trx, clock, replacement, options);
  };
}

/** The processing servers of the ports that use the certificate, each once, by name. */
async function processingServersOf(
  db: Executor,
  certificate: CertificateInUse,
): Promise<{ computerId: number; name: string }[]> {
  const byHandler = await getProcessingServersBySendHandler(db, {
    certificateThumbprint: certificate.thumbprint,
  });
  const servers = new Map<number, { computerId: number; name: string }>();
  for (const list of byHandler.values()) {
    for (const server of list)
      servers.set(server.computerId, { computerId: server.computerId, name: server.name });
  }
  return [...servers.values()].sort((a, b) => a.name.localeCompare(b.name));
}

export function webhookPayload(alert: DueDelivery): AlertWebhookPayload {
  return {
    event: alert.event,
    thumbprint: alert.thumbprint,
    commonName: alert.commonName,
    notAfter: alert.notAfter,
    daysLeft: alert.daysLeft,
    sendPorts: alert.sendPorts.map((port) => port.name),
    servers: alert.servers,
    ...(alert.replacementId !== null && alert.replacementFailure !== null
      ? { replacement: { id: alert.replacementId, ...alert.replacementFailure } }
      : {}),
  };
}

/** POSTs one alert; what came back, or why nothing did. */
async function post(
  url: string,
  payload: AlertWebhookPayload,
): Promise<{ responseCode: number | null; error: string | null }> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'bts-console alerts' },
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      redirect: 'manual',
    });
    // The body is not needed, but reading it lets the connection be reused.
    await response.arrayBuffer().catch(() => undefined);
    return {
      responseCode: response.status,
      error: response.ok ? null : `The receiver answered ${response.status} ${response.statusText}`.trim(),
    };
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return { responseCode: null, error: `${error instanceof Error ? error.message : String(error)}${cause}` };
  }
}

/**
 * Makes every webhook attempt that is due: each alert is taken by one process (a lease in the row),
 * posted, and the attempt recorded with its status. A failure is retried with backoff until 24 hours
 * after the alert was raised; then the alert's webhook is `failed`.
 */
export async function deliverDueWebhooks(db: Executor, clock: Clock): Promise<number> {
  let attempts = 0;
  for (const alert of await listDueDeliveries(db, clock.now())) {
    const now = clock.now();
    if (!(await claimDelivery(db, alert.id, now, new Date(now.getTime() + DELIVERY_LEASE_MS)))) continue;
    const result = await post(alert.webhookUrl, webhookPayload(alert));
    const at = clock.now();
    const attempt = (await countDeliveryAttempts(db, alert.id)) + 1;
    const delivered = result.responseCode !== null && result.responseCode >= 200 && result.responseCode < 300;
    const retryAt = new Date(at.getTime() + retryDelayMs(attempt));
    const givenUp = !delivered && retryAt.getTime() - Date.parse(alert.raisedAt) > RETRY_FOR_MS;
    await withTransaction(db, (trx) =>
      recordDeliveryAttempt(
        trx,
        alert.id,
        { at, outcome: delivered ? 'delivered' : 'failed', ...result },
        delivered
          ? { webhookStatus: 'delivered', nextAttemptAt: null }
          : givenUp
            ? { webhookStatus: 'failed', nextAttemptAt: null }
            : { webhookStatus: 'pending', nextAttemptAt: retryAt },
      ),
    );
    attempts += 1;
  }
  return attempts;
}

/** The announced alerts, newest first, each with its webhook attempts. */
export async function getAlerts(db: Executor, page: PageQuery): Promise<AlertList> {
  const { items, total } = await listAlerts(db, page);
  return {
    total,
    items: items.map((alert) => ({
      id: alert.id,
      event: alert.event,
      thumbprint: alert.thumbprint,
      commonName: alert.commonName,
      notAfter: alert.notAfter,
      thresholdDays: alert.thresholdDays,
      daysLeft: alert.daysLeft,
      raisedAt: alert.raisedAt,
      sendPorts: alert.sendPorts,
      servers: alert.servers,
      replacement:
        alert.replacementId !== null && alert.replacementFailure !== null
          ? { id: alert.replacementId, ...alert.replacementFailure }
          : null,
      webhook: {
        // Superseded alerts are never listed, so 'none' never reaches the contract.
        status: alert.webhookStatus === 'none' ? 'not-configured' : alert.webhookStatus,
        attempts: alert.attempts,
        lastResponseCode: alert.attempts.at(-1)?.responseCode ?? null,
        nextAttemptAt: alert.nextAttemptAt,
      },
    })),
  };
}
