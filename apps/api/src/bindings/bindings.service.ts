import {
  appendAuditEntries,
  createSendPort,
  getApplicationByName,
  getCertificate,
  getSendPortById,
  insertSendPorts,
  listHosts,
  listSendPortBindingStates,
  listSendPorts,
  updateSendPort,
  updateSendPortsFromBindings,
  withTransaction,
  type Application,
  type Executor,
  type Host,
  type NewAuditEntry,
  type NewSendPort,
  type SendPort as SendPortRecord,
  type SendPortBindingState,
  type SendPortBindingUpdate,
} from '@bts-console/db';
import {
  normalizeThumbprint,
  type AuditAction,
  type BindingPortChange,
  type BindingsImportReport,
  type Clock,
  type RefusedSendPort,
  type Warning,
} from '@bts-console/domain';
import type { Request } from 'express';
import { sql } from 'kysely';
import { randomUUID } from 'node:crypto';
import { clientAddress } from '../audit/audit.service';
import { getAuth } from '../auth/guards';
import { HttpProblem, notFound } from '../http/problem';
import { checkCertificateAssignment } from '../send-ports/certificate-assignment.service';
import { readBindingFile, type BindingFile, type BoundSendPort } from './binding-file';
import { writeBindingInfo, type EncryptionCertificateNames } from './binding-info-writer';
import { DEFAULT_RECEIVE_PIPELINE, DEFAULT_SEND_PIPELINE } from './binding-vocabulary';
import { decodeBindingFile, parseXml } from './binding-xml';

async function getApplicationOr404(db: Executor, name: string): Promise<Application> {
  const application = await getApplicationByName(db, name);
  if (!application) throw notFound('Application', name);
  return application;
}

/** The application's send ports as a BizTalk BindingInfo document. */
export async function exportBindings(
  db: Executor,
  applicationName: string,
  now: Date,
): Promise<{ application: string; xml: string }> {
  const application = await getApplicationOr404(db, applicationName);
  const sendPorts = await listSendPorts(db, { applicationName: application.name });
  const thumbprints = [
    ...new Set(sendPorts.flatMap((port) => (port.certificate ? [port.certificate.thumbprint] : []))),
  ];
  const certificates = new Map<string, EncryptionCertificateNames>();
  for (const certificate of await Promise.all(
    thumbprints.map((thumbprint) => getCertificate(db, thumbprint)),
  )) {
    if (certificate) certificates.set(certificate.thumbprint, certificate);
  }
  return {
    application: application.name,
    xml: writeBindingInfo({ application: application.name, sendPorts, certificates, timestamp: now }),
  };
}

export interface ImportBindingsCommand {
  application: string;
  /** The request body as received. */
  file: Uint8Array;
  dryRun: boolean;
  partial: boolean;
  /** Servers whose Other People store may lack a certificate of the file (DESIGN §3 c). */
  acknowledgeMissingOn: readonly string[];
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
  user: string;
  now: Date;
}

/**
 * Imports a binding file into an application: creates the send ports that do not exist, updates the
 * transport, address, send handler and certificate of those that do, and passes over everything else.
 * First every port is decided — each certificate by `checkCertificateAssignment`, the rules of
 * DESIGN §3 — without changing anything; then, unless it is a dry run or something was refused
 * without `partial`, the accepted ports are written with their audit entries in one transaction.
 */
export async function importBindings(
  database: Executor,
  clock: Clock,
  req: Request,
  command: ImportBindingsCommand,
): Promise<BindingsImportReport> {
  const file = readBindingFile(parseXml(decodeBindingFile(command.file)));
  const user = getAuth(req).username;
  return withTransaction(database, async (trx) => {
    const context: ImportContext = {
      trx,
      application: await getApplicationOr404(trx, command.application),
      acknowledged: command.acknowledgeMissingOn,
      user,
      now: clock.now(),
    };
    const { plans, report } = await planImport(context, file, command);
    const apply = !command.dryRun && (report.refused.length === 0 || command.partial);
    if (!apply || plans.length === 0) return { ...report, applied: false, batchId: null };
    const batchId = randomUUID();
    await writeImport(context, req, plans, report, batchId);
    return { ...report, applied: true, batchId };
  });
}

async function planImport(
  context: ImportContext,
  file: BindingFile,
  command: ImportBindingsCommand,
): Promise<{ plans: PortPlan[]; report: BindingsImportReport }> {
  const { trx, application } = context;
  const [allPorts, hosts] = await Promise.all([listSendPortBindingStates(trx), listHosts(trx)]);
  const portsByName = new Map(allPorts.map((port) => [port.name.toLowerCase(), port]));
  const hostsByName = new Map(hosts.map((host) => [host.name.toLowerCase(), host]));
  const report: BindingsImportReport = {
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
  };

  const plans: PortPlan[] = [];
  const seen = new Set<string>();
  for (const bound of file.sendPorts) {
    const key = bound.name.toLowerCase();
    if (seen.has(key)) {
      report.refused.push(
        refusal(
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
  const accepted = plans.filter((plan) => !refused.has(plan));
  for (const plan of plans) {
    const refusedPort = refused.get(plan);
    if (refusedPort) report.refused.push(refusedPort);
    else if (plan.action === 'create') report.created.push(plan.bound.name);
    else report.updated.push({ sendPort: plan.current.name, changes: plan.changes });
    for (const warning of plan.accepted?.warnings ?? []) {
      report.warnings.push({ sendPort: plan.bound.name, code: warning.code, message: warning.message });
    }
  }
  return { plans: accepted, report };
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

function refusal(bound: BoundSendPort, code: string, message: string): RefusedSendPort {
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
    return refusal(
      bound,
      'send-port-in-another-application',
      `Send port '${current.name}' belongs to application '${current.application}', and send port names are unique in the group. Import the file into '${current.application}', or rename the port in the file.`,
    );
  }
  if (current && current.kind !== bound.kind) {
    return refusal(
      bound,
      'send-port-kind-mismatch',
      `Send port '${current.name}' is ${current.kind} here but ${bound.kind} in the file (line ${bound.line}); a port's kind cannot change. Correct the file, or delete the port and import it again.`,
    );
  }
  if (host === undefined) {
    return refusal(
      bound,
      'send-handler-not-found',
      `The send handler '${bound.sendHandler}' of send port '${bound.name}' (line ${bound.line}) is not a host of this group. Use one of: ${hosts.map((candidate) => candidate.name).join(', ')}.`,
    );
  }
  return undefined;
}

/**
 * Decides by DESIGN §3 every certificate the import assigns: a new one, and an existing one whose
 * port moves to another send handler (its processing servers change). The decision depends on the
 * certificate, the processing servers and the acknowledgement, so ports that share a certificate and
 * a send handler are decided once; each port is decided on its own when that decision has something
 * to say about the port (a refusal or warnings name it).
 */
async function decideCertificates(
  context: ImportContext,
  plans: PortPlan[],
): Promise<Map<PortPlan, RefusedSendPort>> {
  const refused = new Map<PortPlan, RefusedSendPort>();
  const groups = new Map<string, PortPlan[]>();
  for (const plan of plans) {
    const checked =
      plan.thumbprint !== null &&
      (plan.action === 'create' ||
        plan.changes.includes('certificate') ||
        plan.changes.includes('sendHandler'));
    if (!checked) continue;
    const key = `${plan.thumbprint}\u0000${plan.host?.id ?? 'default host'}`;
    groups.set(key, [...(groups.get(key) ?? []), plan]);
  }
  for (const group of groups.values()) {
    const [first] = group;
    if (!first) continue;
    const decision = await decideInProbe(context, first);
    const shared = decision.ok && decision.accepted.warnings.length === 0;
    for (const plan of group) {
      const own = plan === first || shared ? decision : await decideInProbe(context, plan);
      if (own.ok) plan.accepted = own.accepted;
      else refused.set(plan, refusal(plan.bound, own.problem.code, own.problem.detail));
    }
  }
  return refused;
}

type Decision = { ok: true; accepted: AcceptedCertificate } | { ok: false; problem: HttpProblem };

/**
 * Runs §3 for a port as the file would leave it. The port must exist with its new send handler for
 * its processing servers to be found, so a new port, or a new handler, is written in a savepoint
 * that is rolled back once decided.
 */
async function decideInProbe(context: ImportContext, plan: PortPlan): Promise<Decision> {
  const { trx } = context;
  const probing = plan.action === 'create' || plan.changes.includes('sendHandler');
  if (!probing && plan.action === 'update') {
    const port = await getSendPortById(trx, plan.current.id);
    if (!port) throw new Error(`Send port ${plan.current.name} vanished during the import.`);
    return decide(context, port, plan);
  }
  await sql`savepoint binding_probe`.execute(trx);
  try {
    const port =
      plan.action === 'create'
        ? await createSendPort(trx, newSendPort(context, plan))
        : await updateSendPort(trx, {
            name: plan.current.name,
            changes: { sendHandlerHostId: plan.host?.id ?? null },
            changedBy: context.user,
            changedAt: context.now,
          });
    if (!port) throw new Error(`Send port ${plan.bound.name} vanished during the import.`);
    return await decide(context, port, plan);
  } finally {
    await sql`rollback to savepoint binding_probe`.execute(trx);
    await sql`release savepoint binding_probe`.execute(trx);
  }
}

/**
 * The import's one `acknowledgeMissingOn` list serves every port: a port's missing servers count as
 * acknowledged when the list names them all, and the port's acknowledgement is exactly those servers.
 */
async function decide(context: ImportContext, port: SendPortRecord, plan: PortPlan): Promise<Decision> {
  const thumbprintInput = plan.thumbprint ?? '';
  const first = await checkCertificateAssignment(context.trx, { port, thumbprintInput, now: context.now });
  if (first.ok) return { ok: true, accepted: first };
  if (first.problem.code !== 'certificate-missing-on-servers') return first;
  const missing = Array.isArray(first.problem.extra?.servers)
    ? (first.problem.extra.servers as string[])
    : [];
  const acknowledged = new Set(context.acknowledged.map((name) => name.toLowerCase()));
  if (missing.length > 0 && missing.every((server) => acknowledged.has(server.toLowerCase()))) {
    const second = await checkCertificateAssignment(context.trx, {
      port,
      thumbprintInput,
      acknowledgeMissingOn: missing,
      now: context.now,
    });
    return second.ok ? { ok: true, accepted: second } : second;
  }
  return {
    ok: false,
    problem: new HttpProblem({
      status: 422,
      code: first.problem.code,
      detail: `${first.problem.detail.replace(/ Import the certificate into.*$/s, '')} Import the certificate into the Other People store of ${missing.join(', ')}, or acknowledge ${missing.length === 1 ? 'it' : 'them'} with ?acknowledgeMissingOn=${missing.join(',')}.`,
      extra: { servers: missing },
    }),
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
    changedBy: context.user,
    changedAt: context.now,
  };
}

/** The certificate.assign entry, in the shape the console's own assignment writes. */
function certificateAssigned(before: SendPortBindingState['certificate'], accepted: AcceptedCertificate) {
  return {
    before: before ? { thumbprint: before.thumbprint, commonName: before.commonName } : null,
    after: {
      thumbprint: accepted.thumbprint,
      commonName: accepted.commonName,
      ...(accepted.acknowledgedMissingOn.length > 0
        ? { acknowledgedMissingOn: accepted.acknowledgedMissingOn }
        : {}),
      ...(accepted.warnings.length > 0 ? { warnings: accepted.warnings.map((warning) => warning.code) } : {}),
    },
  };
}

/** Writes the accepted ports and their audit entries, all under one batch id. */
async function writeImport(
  context: ImportContext,
  req: Request,
  plans: readonly PortPlan[],
  report: BindingsImportReport,
  batchId: string,
): Promise<void> {
  const { trx, application, user, now } = context;
  const audit: NewAuditEntry[] = [];
  const entry = (action: AuditAction, target: string, change: { before?: unknown; after?: unknown }) =>
    audit.push({
      at: now,
      username: user,
      clientAddress: clientAddress(req),
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
  const updated = await updateSendPortsFromBindings(trx, updates, user, now);
  if (updated !== updates.length) {
    throw new HttpProblem({
      status: 409,
      code: 'conflict',
      detail:
        'Another user changed send ports of this application during the import, so nothing was imported. Import the file again.',
    });
  }
  audit.push({
    at: now,
    username: user,
    clientAddress: clientAddress(req),
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
    },
    batchId,
  });
  await appendAuditEntries(trx, audit);
}
