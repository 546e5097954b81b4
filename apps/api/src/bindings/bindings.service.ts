import {
  appendAuditEntries,
  computersHavingEach,
  getApplicationByName,
  getCertificates,
  getProcessingServersOfSendHandler,
  insertSendPorts,
  listHosts,
  getSendPortBindingStates,
  listApplicationSendPortsAfter,
  updateSendPortsFromBindings,
  withTransaction,
  type Application,
  type Executor,
  type Host,
  type NewAuditEntry,
  type NewSendPort,
  type SendPortBindingState,
  type SendPortBindingUpdate,
  type SendPortWithCertificateNames,
} from '@bts-console/db';
import {
  decideCertificateAssignment,
  invalidThumbprint,
  normalizeThumbprint,
  serversLacking,
  type AuditAction,
  type BindingPortChange,
  type BindingsImportReport,
  type CertificateRefusal,
  type Clock,
  type PortAcknowledgement,
  type RefusedSendPort,
  type Warning,
} from '@bts-console/domain';
import { createHash, randomUUID } from 'node:crypto';
import type { Actor } from '../auth/actor';
import { HttpProblem, notFound } from '../http/problem';
import { certificateAssigned } from '../send-ports/certificate-assignment.service';
import type { BoundSendPort } from './binding-file';
import { bindingInfoChunks } from './binding-info-writer';
import { DEFAULT_RECEIVE_PIPELINE, DEFAULT_SEND_PIPELINE } from './binding-vocabulary';
import { spoolBindingFile, type SpooledBindingFile } from './spooled-binding-file';

async function getApplicationOr404(db: Executor, name: string): Promise<Application> {
  const application = await getApplicationByName(db, name);
  if (!application) throw notFound('Application', name);
  return application;
}

/** Send ports per read of an export: a page's XML is about 2 MB, and each read is one indexed range. */
export const EXPORT_PAGE_SIZE = 1000;

/** The application's send ports, a page at a time by name, each with its certificate's names. */
async function* sendPortPages(
  db: Executor,
  applicationId: number,
): AsyncGenerator<SendPortWithCertificateNames[]> {
  let after: string | null = null;
  for (;;) {
    const page = await listApplicationSendPortsAfter(db, applicationId, after, EXPORT_PAGE_SIZE);
    if (page.length > 0) yield page;
    const last = page[page.length - 1];
    if (page.length < EXPORT_PAGE_SIZE || !last) return;
    after = last.port.name;
  }
}

/**
 * The application's send ports as a BizTalk BindingInfo document, as text in pieces to stream. The
 * first piece (which reads the first page) is made before returning, so that a missing application or a
 * failing database is still answered with problem details rather than a cut response. The pages are
 * read outside any transaction: an export of 50,000 ports must not hold the database for as long as the
 * client takes to receive it, so a port changed meanwhile is written as it is when its page is read.
 */
export async function exportBindings(
  db: Executor,
  applicationName: string,
  now: Date,
): Promise<{ application: string; chunks: AsyncIterable<string> }> {
  const application = await getApplicationOr404(db, applicationName);
  const rest = bindingInfoChunks(application.name, now, sendPortPages(db, application.id));
  const head = await rest.next();
  async function* chunks(): AsyncGenerator<string> {
    if (head.done !== true) yield head.value;
    yield* rest;
  }
  return { application: application.name, chunks: chunks() };
}

export interface ImportBindingsCommand {
  application: string;
  /** The file's bytes, whole or as they arrive (the request body, decompressed). */
  file: AsyncIterable<Uint8Array> | Uint8Array;
  dryRun: boolean;
  partial: boolean;
  /** Servers whose Other People store may lack a certificate of the file (DESIGN §3 c). */
  acknowledgeMissingOn: readonly string[];
  /** Per port: servers whose store may lack that port's certificate, and no other port's. */
  acknowledgeMissingOnPort?: readonly PortAcknowledgement[];
  /**
   * The fingerprints (entity tags) of the dry-run report the import was confirmed on (If-Match): it
   * applies only if a dry run now reports the same; undefined for no such condition.
   */
  ifReportMatches?: readonly string[];
  /** The first threshold of BTS_EXPIRY_WARNING_DAYS: within it a certificate comes with a warning. */
  expiringWithinDays: number;
}

/** A certificate that passed DESIGN §3 for a port. */
interface AcceptedCertificate {
  thumbprint: string;
  commonName: string | null;
  warnings: Warning[];
  acknowledgedMissingOn: string[];
}

interface PlanBase {
  bound: BoundSendPort;
  host: Host | null;
  /** The certificate the port will have, canonical when valid; null for none. */
  thumbprint: string | null;
  /** Set once §3 accepted `thumbprint` for this port. */
  accepted?: AcceptedCertificate;
}

interface CreatePlan extends PlanBase {
  action: 'create';
}

interface UpdatePlan extends PlanBase {
  action: 'update';
  current: SendPortBindingState;
  changes: BindingPortChange[];
}

type PortPlan = CreatePlan | UpdatePlan;

interface ImportContext {
  trx: Executor;
  application: Application;
  acknowledged: readonly string[];
  /** By the port's name in lower case. */
  acknowledgedByPort: ReadonlyMap<string, readonly string[]>;
  actor: Actor;
  now: Date;
  hosts: readonly Host[];
  hostsByName: ReadonlyMap<string, Host>;
  /** Lower-case names of the ports read so far, to refuse a port the file describes twice. */
  seen: Set<string>;
  report: BindingsImportReport;
  batchId: string;
  /** The version of every port of the file that exists, for the report's fingerprint. */
  versions: [name: string, version: number][];
  expiringWithinDays: number;
}

/** Send ports of the file decided (and written) together: each batch is a few indexed reads and writes. */
export const IMPORT_BATCH_SIZE = 1000;

/** Thrown to roll back the batches already written when a later one refuses a port. */
class RefusedImport extends Error {
  constructor(readonly report: BindingsImportReport) {
    super('A send port of the binding file was refused.');
  }
}

/**
 * Imports a binding file into an application: creates the send ports that do not exist, updates the
 * transport, address, send handler and certificate of those that do, and passes over everything else.
 * The file is read whole first, its ports kept on disk, so no transaction waits on the upload. Then,
 * in one transaction, its ports are taken a batch at a time: the ports the batch names are read, each
 * certificate is decided by `decideCertificateAssignment` (DESIGN §3), and unless it is a dry run the
 * accepted ports are written with their audit entries. A refusal without `partial` stops the writing,
 * and the batches written before it are rolled back, so nothing is half-imported.
 */
export async function importBindings(
  database: Executor,
  clock: Clock,
  actor: Actor,
  command: ImportBindingsCommand,
): Promise<BindingsImportReport> {
  const file = await spoolBindingFile(command.file);
  try {
    return await withTransaction(database, async (trx) => {
      const [application, hosts] = await Promise.all([
        getApplicationOr404(trx, command.application),
        listHosts(trx),
      ]);
      const context: ImportContext = {
        trx,
        application,
        acknowledged: command.acknowledgeMissingOn,
        acknowledgedByPort: portAcknowledgements(command.acknowledgeMissingOnPort ?? []),
        actor,
        now: clock.now(),
        expiringWithinDays: command.expiringWithinDays,
        hosts,
        hostsByName: new Map(hosts.map((host) => [host.name.toLowerCase(), host])),
        seen: new Set(),
        report: {
          application: application.name,
          dryRun: command.dryRun,
          applied: false,
          batchId: null,
          created: [],
          updated: [],
          unchanged: [],
          refused: [...file.unreadable],
          passedOver: file.passedOver,
          warnings: [],
          fingerprint: '',
        },
        batchId: randomUUID(),
        versions: [],
      };
      return await importBatches(context, file, command);
    });
  } catch (error) {
    if (error instanceof RefusedImport) return error.report;
    throw error;
  } finally {
    await file.remove();
  }
}

async function importBatches(
  context: ImportContext,
  file: SpooledBindingFile,
  command: ImportBindingsCommand,
): Promise<BindingsImportReport> {
  const { report } = context;
  const applying = () => !command.dryRun && (report.refused.length === 0 || command.partial);
  let written = 0;
  for await (const ports of file.batches(IMPORT_BATCH_SIZE)) {
    const plans = await planBatch(context, ports);
    if (applying() && plans.length > 0) {
      await writeBatch(context, plans);
      written += plans.length;
    }
  }
  report.fingerprint = reportFingerprint(report, context.versions);
  // Decided in the same transaction as the writes: what was confirmed is what is applied, and a
  // refusal here takes back the batches already written.
  if (!command.dryRun && command.ifReportMatches && !command.ifReportMatches.includes(report.fingerprint)) {
    throw new HttpProblem({
      status: 412,
      code: 'precondition-failed',
      detail: `Something changed since the report you confirmed (you sent If-Match ${command.ifReportMatches.join(', ') || '(empty)'}; a dry run now gives ${report.fingerprint}), so nothing was imported. report holds the new dry run: check it, and import again with its fingerprint.`,
      extra: { report: { ...report, dryRun: true, applied: false, batchId: null } },
      headers: { ETag: report.fingerprint },
    });
  }
  const notApplied = { ...report, applied: false, batchId: null };
  if (!applying()) {
    if (written > 0) throw new RefusedImport(notApplied);
    return notApplied;
  }
  if (written === 0) return notApplied;
  await appendImportEntry(context);
  return { ...report, applied: true, batchId: context.batchId };
}

/** Decides a batch of the file's ports into the report; returns the accepted plans. */
async function planBatch(context: ImportContext, ports: readonly BoundSendPort[]): Promise<PortPlan[]> {
  const { trx, application, report, seen, hosts, hostsByName } = context;
  const namedPorts = await getSendPortBindingStates(
    trx,
    ports.map((port) => port.name),
  );
  const portsByName = new Map(namedPorts.map((port) => [port.name.toLowerCase(), port]));
  for (const port of namedPorts) context.versions.push([port.name, port.version]);

  const plans: PortPlan[] = [];
  for (const bound of ports) {
    const key = bound.name.toLowerCase();
    if (seen.has(key)) {
      report.refused.push(
        refusedPort(
          bound,
          'duplicate-send-port',
          `The file describes send port '${bound.name}' more than once (again at line ${bound.line}); keep one.`,
        ),
      );
      continue;
    }
    seen.add(key);
    const current = portsByName.get(key);
    const host = bound.sendHandler === null ? null : hostsByName.get(bound.sendHandler.toLowerCase());
    const problem = checkPort(bound, current, host, application, hosts);
    if (problem) {
      report.refused.push(problem);
      continue;
    }
    const plan = planPort(bound, current, host ?? null);
    if (plan) plans.push(plan);
    else report.unchanged.push(current?.name ?? bound.name);
  }

  const refused = await decideCertificates(context, plans);
  for (const plan of plans) {
    const refusedPort = refused.get(plan);
    if (refusedPort) report.refused.push(refusedPort);
    else if (plan.action === 'create') report.created.push(plan.bound.name);
    else report.updated.push({ sendPort: plan.current.name, changes: plan.changes });
    for (const warning of plan.accepted?.warnings ?? []) {
      report.warnings.push({ sendPort: plan.bound.name, code: warning.code, message: warning.message });
    }
  }
  return plans.filter((plan) => !refused.has(plan));
}

/**
 * The entity tag of a report: its outcome, and the version of every port of the file that exists, so a
 * change to one of them counts even when the outcome stays the same (DESIGN §14: nothing may have changed).
 */
function reportFingerprint(
  report: BindingsImportReport,
  namedPorts: readonly (readonly [name: string, version: number])[],
): string {
  const versions = [...namedPorts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const hash = createHash('sha256').update(
    JSON.stringify([
      report.application,
      report.created,
      report.updated,
      report.unchanged,
      report.refused,
      report.warnings,
      report.passedOver,
      versions,
    ]),
  );
  return `"${hash.digest('base64url').slice(0, 32)}"`;
}

function portAcknowledgements(acknowledgements: readonly PortAcknowledgement[]): Map<string, string[]> {
  const byPort = new Map<string, string[]>();
  for (const { sendPort, servers } of acknowledgements) {
    const key = sendPort.toLowerCase();
    byPort.set(key, [...(byPort.get(key) ?? []), ...servers]);
  }
  return byPort;
}

/** The canonical thumbprint the file asks for; the raw text when it is not one, so that §3 (a) refuses it. */
function wantedThumbprint(bound: BoundSendPort): string | null {
  if (bound.certificateThumbprint === null) return null;
  const normalized = normalizeThumbprint(bound.certificateThumbprint);
  return normalized.ok ? normalized.thumbprint : bound.certificateThumbprint;
}

/** What the file changes on the port; undefined when it changes nothing. */
function planPort(
  bound: BoundSendPort,
  current: SendPortBindingState | undefined,
  host: Host | null,
): PortPlan | undefined {
  const thumbprint = wantedThumbprint(bound);
  if (!current) return { action: 'create', bound, host, thumbprint };
  const changes: BindingPortChange[] = [];
  if (bound.transportType !== current.transportType) changes.push('transportType');
  if (bound.uri !== current.uri) changes.push('uri');
  if ((host?.id ?? null) !== current.sendHandlerHostId) changes.push('sendHandler');
  if (thumbprint !== (current.certificate?.thumbprint ?? null)) changes.push('certificate');
  return changes.length === 0 ? undefined : { action: 'update', bound, host, thumbprint, current, changes };
}

function refusedPort(bound: BoundSendPort, code: string, message: string): RefusedSendPort {
  return { sendPort: bound.name, code, message };
}

/** Refusals decided from the file and the group alone. */
function checkPort(
  bound: BoundSendPort,
  current: SendPortBindingState | undefined,
  host: Host | null | undefined,
  application: Application,
  hosts: readonly Host[],
): RefusedSendPort | undefined {
  if (current && current.applicationId !== application.id) {
    return refusedPort(
      bound,
      'send-port-in-another-application',
      `Send port '${current.name}' belongs to application '${current.application}', and send port names are unique in the group. Import the file into '${current.application}', or rename the port in the file.`,
    );
  }
  if (current && current.kind !== bound.kind) {
    return refusedPort(
      bound,
      'send-port-kind-mismatch',
      `Send port '${current.name}' is ${current.kind} here but ${bound.kind} in the file (line ${bound.line}); a port's kind cannot change. Correct the file, or delete the port and import it again.`,
    );
  }
  if (host === undefined) {
    return refusedPort(
      bound,
      'send-handler-not-found',
      `The send handler '${bound.sendHandler}' of send port '${bound.name}' (line ${bound.line}) is not a host of this group. Use one of: ${hosts.map((candidate) => candidate.name).join(', ')}.`,
    );
  }
  return undefined;
}

/**
 * Decides by DESIGN §3 every certificate the import assigns: a new one, and an existing one whose
 * port moves to another send handler (its processing servers change). What the rules decide with is
 * read once for all the ports, per certificate and per send handler; then each port is decided alone.
 */
async function decideCertificates(
  context: ImportContext,
  plans: PortPlan[],
): Promise<Map<PortPlan, RefusedSendPort>> {
  const checked = plans.filter(
    (plan): plan is PortPlan & { thumbprint: string } =>
      plan.thumbprint !== null &&
      (plan.action === 'create' ||
        plan.changes.includes('certificate') ||
        plan.changes.includes('sendHandler')),
  );
  const { trx } = context;
  const thumbprints = checked.map((plan) => plan.thumbprint);
  const handlers = [...new Set(checked.map((plan) => plan.host?.id ?? null))];
  const [certificates, holders, servers] = await Promise.all([
    getCertificates(trx, thumbprints),
    computersHavingEach(trx, thumbprints),
    Promise.all(handlers.map((handler) => getProcessingServersOfSendHandler(trx, handler))),
  ]);
  const serversByHandler = new Map(
    handlers.map((handler, index) => [handler, (servers[index] ?? []).map((server) => server.name)]),
  );

  const refused = new Map<PortPlan, RefusedSendPort>();
  for (const plan of checked) {
    const normalized = normalizeThumbprint(plan.thumbprint);
    if (!normalized.ok) {
      refused.set(plan, refusal(plan.bound, invalidThumbprint(normalized.error)));
      continue;
    }
    const { thumbprint } = normalized;
    const processingServers = serversByHandler.get(plan.host?.id ?? null) ?? [];
    const holding = holders.get(thumbprint) ?? [];
    const decision = decideCertificateAssignment({
      port: { name: plan.action === 'create' ? plan.bound.name : plan.current.name, processingServers },
      thumbprint,
      certificate: certificates.get(thumbprint) ?? null,
      holders: holding,
      acknowledge: {
        missingOn: acknowledgedFor(context, plan.bound.name, serversLacking(processingServers, holding)),
      },
      now: context.now,
      expiringWithinDays: context.expiringWithinDays,
    });
    if (decision.ok) plan.accepted = decision;
    else refused.set(plan, refusal(plan.bound, decision.refusal));
  }
  return refused;
}

/**
 * The import's one `acknowledgeMissingOn` list serves every port, `acknowledgeMissingOnPort` one port: a
 * port's missing servers count as acknowledged when the two lists name them all, and the port's
 * acknowledgement is exactly those servers.
 */
function acknowledgedFor(context: ImportContext, sendPort: string, missing: string[]): string[] | undefined {
  const acknowledged = new Set(
    [...context.acknowledged, ...(context.acknowledgedByPort.get(sendPort.toLowerCase()) ?? [])].map((name) =>
      name.toLowerCase(),
    ),
  );
  const covered = missing.length > 0 && missing.every((server) => acknowledged.has(server.toLowerCase()));
  return covered ? missing : undefined;
}

/** A port of the file refused by DESIGN §3; missing servers are acknowledged with the query parameter. */
function refusal(bound: BoundSendPort, refused: CertificateRefusal): RefusedSendPort {
  if (refused.code === 'certificate-not-yet-valid')
    return refusedPort(bound, refused.code, `${refused.message} Import the file again from that date.`);
  if (refused.code !== 'certificate-missing-on-servers')
    return refusedPort(bound, refused.code, refused.message);
  const missing = refused.servers;
  return {
    ...refusedPort(
      bound,
      refused.code,
      `${refused.message} Import the certificate into the Other People store of ${missing.join(', ')}, or acknowledge ${missing.length === 1 ? 'it' : 'them'} for this port with ?acknowledgeMissingOnPort=${bound.name}:${missing.join(',')} (for every port: ?acknowledgeMissingOn=${missing.join(',')}).`,
    ),
    servers: missing,
  };
}

function newSendPort(context: ImportContext, plan: CreatePlan): NewSendPort {
  const { bound } = plan;
  return {
    name: bound.name,
    applicationId: context.application.id,
    kind: bound.kind,
    transportType: bound.transportType,
    uri: bound.uri,
    sendHandlerHostId: plan.host?.id ?? null,
    sendPipeline: bound.sendPipeline ?? DEFAULT_SEND_PIPELINE,
    receivePipeline: bound.kind.endsWith('Solicit-Response')
      ? (bound.receivePipeline ?? DEFAULT_RECEIVE_PIPELINE)
      : null,
    description: bound.description,
    filter: bound.filter,
    transportOptions: bound.transportOptions,
    backupTransport: bound.backupTransport,
    tracking: bound.tracking,
    certificate: plan.accepted
      ? { thumbprint: plan.accepted.thumbprint, commonName: plan.accepted.commonName }
      : null,
    changedBy: context.actor.username,
    changedAt: context.now,
  };
}

/** Writes a batch's accepted ports and their audit entries, under the import's batch id. */
async function writeBatch(context: ImportContext, plans: readonly PortPlan[]): Promise<void> {
  const { trx, application, actor, now, batchId } = context;
  const audit: NewAuditEntry[] = [];
  const entry = (action: AuditAction, target: string, change: { before?: unknown; after?: unknown }) =>
    audit.push({
      at: now,
      username: actor.username,
      clientAddress: actor.clientAddress,
      action,
      targetType: 'send-port',
      target,
      ...change,
      batchId,
    });

  const creates: NewSendPort[] = [];
  const updates: SendPortBindingUpdate[] = [];
  for (const plan of plans) {
    if (plan.action === 'create') {
      const port = newSendPort(context, plan);
      creates.push(port);
      entry('send-port.create', port.name, {
        after: {
          application: application.name,
          kind: port.kind,
          transportType: port.transportType,
          uri: port.uri,
          sendHandler: plan.host?.name ?? null,
          sendPipeline: port.sendPipeline,
        },
      });
      if (plan.accepted) entry('certificate.assign', port.name, certificateAssigned(null, plan.accepted));
      continue;
    }
    const { current, changes, bound } = plan;
    const update: SendPortBindingUpdate = { id: current.id, expectedVersion: current.version };
    if (changes.includes('transportType')) update.transportType = bound.transportType;
    if (changes.includes('uri')) update.uri = bound.uri;
    if (changes.includes('sendHandler')) update.sendHandlerHostId = plan.host?.id ?? null;
    if (changes.some((change) => change !== 'certificate')) {
      entry('send-port.update', current.name, {
        before: { transportType: current.transportType, uri: current.uri, sendHandler: current.sendHandler },
        after: { transportType: bound.transportType, uri: bound.uri, sendHandler: plan.host?.name ?? null },
      });
    }
    if (changes.includes('certificate') && plan.accepted) {
      update.certificate = { thumbprint: plan.accepted.thumbprint, commonName: plan.accepted.commonName };
      entry('certificate.assign', current.name, certificateAssigned(current.certificate, plan.accepted));
    } else if (changes.includes('certificate') && current.certificate) {
      // A port without EncryptionCert in the file has no certificate: BizTalk's import removes it too.
      update.certificate = null;
      entry('certificate.remove', current.name, {
        before: { thumbprint: current.certificate.thumbprint, commonName: current.certificate.commonName },
        after: null,
      });
    }
    updates.push(update);
  }

  await insertSendPorts(trx, creates);
  const updated = await updateSendPortsFromBindings(trx, updates, actor.username, now);
  if (updated !== updates.length) {
    throw new HttpProblem({
      status: 409,
      code: 'conflict',
      detail:
        'Another user changed send ports of this application during the import, so nothing was imported. Import the file again.',
    });
  }
  await appendAuditEntries(trx, audit);
}

/** The import's own audit entry, after its ports': what it created, updated and refused. */
async function appendImportEntry(context: ImportContext): Promise<void> {
  const { trx, application, actor, now, report, batchId } = context;
  await appendAuditEntries(trx, [
    {
      at: now,
      username: actor.username,
      clientAddress: actor.clientAddress,
      action: 'bindings.import',
      targetType: 'application',
      target: application.name,
      after: {
        created: report.created,
        updated: report.updated.map((port) => port.sendPort),
        unchanged: report.unchanged.length,
        refused: report.refused.map((port) => port.sendPort),
        passedOver: report.passedOver.length,
        ...(context.acknowledged.length > 0 ? { acknowledgeMissingOn: context.acknowledged } : {}),
        ...(context.acknowledgedByPort.size > 0
          ? { acknowledgeMissingOnPort: Object.fromEntries(context.acknowledgedByPort) }
          : {}),
      },
      batchId,
    },
  ]);
}
