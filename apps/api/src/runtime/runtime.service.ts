import {
  appendEventLogEntry,
  countMessageInstancesOfSendPort,
  countSuspendedBySendPort,
  createMessageInstance,
  getMessageInstance,
  getMessageInstanceWithBodies,
  getProcessingServers,
  getSendPortById,
  getSendPortByName,
  lockSendPortForRouting,
  updateMessageInstance,
  withTransaction,
  type Executor,
  type MessageInstance as MessageInstanceRecord,
  type ProcessingServer,
  type SendPort,
} from '@bts-console/db';
import {
  daysUntilExpiry,
  isExpired,
  isExpiring,
  isNotYetValid,
  type AuditAction,
  type Clock,
  type GroupHub,
  type MessageInstance,
  type MessageInstanceStatus,
  type TestMessageResult,
} from '@bts-console/domain';
import { randomUUID } from 'node:crypto';
import type { CertificateReferences } from '../lifecycle/certificate-references';
import { recordAudit } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { HttpProblem, notFound } from '../http/problem';
import { runSendPipeline, type PipelineOutcome } from './send-pipeline';

const SUSPENDED: MessageInstanceStatus = 'Suspended (resumable)';

/** Which server a message goes to: one the sender named, the one it ran on before, or the next in turn. */
type ServerChoice =
  { kind: 'named'; name: string } | { kind: 'same'; name: string | null } | { kind: 'next' };

/** What processing a message came to, before it is written down. */
interface Processing {
  server: ProcessingServer | null;
  status: MessageInstanceStatus;
  error: string | null;
  output: Uint8Array | null;
  encrypted: boolean;
  event?: { level: 'Error'; source: string; eventId: number; text: string };
}

function suspendedWithout(server: ProcessingServer | null, error: string): Processing {
  return { server, status: SUSPENDED, error, output: null, encrypted: false };
}

function fromPipeline(server: ProcessingServer, outcome: PipelineOutcome): Processing {
  return outcome.status === 'Delivered'
    ? { server, status: 'Delivered', error: null, output: outcome.output, encrypted: outcome.encrypted }
    : {
        server,
        status: SUSPENDED,
        error: outcome.error,
        output: null,
        encrypted: false,
        event: outcome.event,
      };
}

function hostName(port: SendPort): string {
  return port.sendHandler ?? "the group's default host";
}

/**
 * Picks the server and runs the pipeline there, as the MessageBox and a host instance would: a port
 * that is not started keeps its messages suspended, and only a running host instance processes them.
 */
async function processMessage(
  trx: Executor,
  port: SendPort,
  message: Uint8Array,
  choice: ServerChoice,
  now: Date,
): Promise<Processing> {
  const servers = await getProcessingServers(trx, port.id);
  const byName = (name: string | null) =>
    name === null ? undefined : servers.find((server) => server.name.toLowerCase() === name.toLowerCase());

  let server: ProcessingServer | undefined;
  if (choice.kind === 'named') {
    server = byName(choice.name);
    if (!server) {
      throw new HttpProblem({
        status: 422,
        code: 'validation-failed',
        detail: `${choice.name} does not process send port '${port.name}': it has no host instance of ${hostName(port)}. ${
          servers.length > 0
            ? `Choose one of ${servers.map((s) => s.name).join(', ')}, or leave server out to let them take turns.`
            : 'No server has one; leave server out.'
        }`,
        errors: [
          {
            path: 'server',
            code: 'not-a-processing-server',
            message: `${choice.name} does not process this port`,
          },
        ],
      });
    }
  } else if (choice.kind === 'same') {
    // The send handler may have changed since: then the message goes to whichever server is next.
    server = byName(choice.name);
  }

  if (port.status === 'Bound') {
    return suspendedWithout(
      server ?? null,
      `Send port '${port.name}' is not enlisted, so it has no subscription and cannot take this message. Enlist and start the port, then resume the instance.`,
    );
  }
  if (port.status === 'Stopped') {
    return suspendedWithout(
      server ?? null,
      `Send port '${port.name}' is stopped: it is enlisted, so its messages are kept, but they stay suspended until the port is started. Start the port, then resume the instance.`,
    );
  }

  if (!server) {
    const running = servers.filter((candidate) => candidate.hostInstanceState === 'Running');
    if (running.length > 0) {
      // Turns follow the count of the port's messages, which every API process sees in the database.
      const turn = await countMessageInstancesOfSendPort(trx, port.id);
      server = running[turn % running.length];
    }
  }
  if (!server) {
    return suspendedWithout(
      null,
      servers.length === 0
        ? `No BizTalk server has a host instance of ${hostName(port)}, the send handler of '${port.name}'. Create a host instance, then resume the instance.`
        : `No host instance of ${hostName(port)} is running (${servers.map((s) => `${s.name}: ${s.hostInstanceState}`).join(', ')}). Start one, then resume the instance.`,
    );
  }
  if (server.hostInstanceState !== 'Running') {
    return suspendedWithout(
      server,
      `The host instance of ${hostName(port)} on ${server.name} is ${server.hostInstanceState}. Start it, then resume the instance.`,
    );
  }
  const outcome = await runSendPipeline(trx, {
    port,
    server: { computerId: server.computerId, name: server.name },
    message,
    now,
  });
  return fromPipeline(server, outcome);
}

async function writeEvent(trx: Executor, processing: Processing, now: Date): Promise<void> {
  if (!processing.event || !processing.server) return;
  await appendEventLogEntry(trx, { at: now, computerId: processing.server.computerId, ...processing.event });
}

/** The instance as the API shows it. */
export function toMessageInstanceView(record: MessageInstanceRecord): MessageInstance {
  return {
    id: record.id,
    sendPort: record.sendPort,
    application: record.application,
    server: record.server,
    status: record.status,
    error: record.error,
    encrypted: record.encrypted,
    messageSize: record.messageSize,
    outputSize: record.outputSize,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

/**
 * Sends a test message through a send port (DESIGN §8): one instance, its event if the pipeline failed,
 * and the audit entry, in one transaction.
 */
export async function sendTestMessage(
  database: Executor,
  clock: Clock,
  actor: Actor,
  input: { sendPort: string; server?: string; message: Uint8Array },
): Promise<TestMessageResult> {
  return withTransaction(database, async (trx) => {
    const now = clock.now();
    const port = await getSendPortByName(trx, input.sendPort);
    if (!port) throw notFound('Send port', input.sendPort);
    if (port.status === 'Bound') {
      throw new HttpProblem({
        status: 409,
        code: 'send-port-not-enlisted',
        detail: `Send port '${port.name}' is Bound: it is not enlisted, so it has no subscription and no message can be routed to it. Enlist and start it first.`,
        extra: { status: port.status },
      });
    }
    await lockSendPortForRouting(trx, port.id);
    const processing = await processMessage(
      trx,
      port,
      input.message,
      input.server === undefined ? { kind: 'next' } : { kind: 'named', name: input.server },
      now,
    );
    const id = randomUUID();
    await createMessageInstance(trx, {
      id,
      sendPortId: port.id,
      serverComputerId: processing.server?.computerId ?? null,
      status: processing.status,
      error: processing.error,
      message: input.message,
      output: processing.output,
      encrypted: processing.encrypted,
      createdAt: now,
    });
    await writeEvent(trx, processing, now);
    const result: TestMessageResult = {
      instanceId: id,
      status: processing.status,
      server: processing.server?.name ?? null,
      sendPort: port.name,
      encrypted: processing.encrypted,
      ...(processing.error !== null ? { error: processing.error } : {}),
    };
    await audit(trx, actor, clock, 'message.send', id, undefined, {
      ...result,
      messageSize: input.message.byteLength,
    });
    return result;
  });
}

async function audit(
  trx: Executor,
  actor: Actor,
  clock: Clock,
  action: AuditAction,
  instanceId: string,
  before: unknown,
  after: unknown,
): Promise<void> {
  await recordAudit(
    trx,
    actor,
    { action, targetType: 'message-instance', target: instanceId, before, after },
    clock,
  );
}

async function suspendedInstanceOr409(trx: Executor, id: string, verb: 'resumed' | 'terminated') {
  const instance = await getMessageInstanceWithBodies(trx, id);
  if (!instance) throw notFound('Message instance', id);
  if (instance.status !== SUSPENDED) {
    throw new HttpProblem({
      status: 409,
      code: 'instance-not-suspended',
      detail: `Message instance ${id} is ${instance.status}; only a suspended instance can be ${verb}.`,
      extra: { status: instance.status },
    });
  }
  return instance;
}

function changedConcurrently(id: string): HttpProblem {
  return new HttpProblem({
    status: 409,
    code: 'conflict',
    detail: `Message instance ${id} was resumed or terminated by someone else at the same moment. Refresh and check its status.`,
  });
}

function instanceSummary(instance: Pick<MessageInstanceRecord, 'status' | 'server' | 'error'>) {
  return { status: instance.status, server: instance.server, error: instance.error };
}

/** Runs a suspended instance's pipeline again, on the server it ran on; it is delivered or suspended anew. */
export async function resumeInstance(
  database: Executor,
  clock: Clock,
  actor: Actor,
  id: string,
): Promise<MessageInstance> {
  return withTransaction(database, async (trx) => {
    const now = clock.now();
    const instance = await suspendedInstanceOr409(trx, id, 'resumed');
    const port = await getSendPortById(trx, instance.sendPortId);
    if (!port) throw notFound('Send port of message instance', id);
    await lockSendPortForRouting(trx, port.id);
    const processing = await processMessage(
      trx,
      port,
      instance.message,
      { kind: 'same', name: instance.server },
      now,
    );
    const changed = await updateMessageInstance(trx, {
      id,
      status: processing.status,
      error: processing.error,
      serverComputerId: processing.server?.computerId ?? null,
      output: processing.output,
      encrypted: processing.encrypted,
      updatedAt: now,
      expectedStatus: SUSPENDED,
    });
    if (!changed) throw changedConcurrently(id);
    await writeEvent(trx, processing, now);
    const after = await getMessageInstance(trx, id);
    if (!after) throw notFound('Message instance', id);
    await audit(trx, actor, clock, 'message.resume', id, instanceSummary(instance), {
      ...instanceSummary(after),
      encrypted: after.encrypted,
    });
    return toMessageInstanceView(after);
  });
}

/** Ends a suspended instance; it stays listed as Terminated, with the reason it was suspended. */
export async function terminateInstance(
  database: Executor,
  clock: Clock,
  actor: Actor,
  id: string,
): Promise<MessageInstance> {
  return withTransaction(database, async (trx) => {
    const now = clock.now();
    const instance = await suspendedInstanceOr409(trx, id, 'terminated');
    const changed = await updateMessageInstance(trx, {
      id,
      status: 'Terminated',
      error: instance.error,
      updatedAt: now,
      expectedStatus: SUSPENDED,
    });
    if (!changed) throw changedConcurrently(id);
    const after = await getMessageInstance(trx, id);
    if (!after) throw notFound('Message instance', id);
    await audit(
      trx,
      actor,
      clock,
      'message.terminate',
      id,
      instanceSummary(instance),
      instanceSummary(after),
    );
    return toMessageInstanceView(after);
  });
}

export async function getInstanceOr404(db: Executor, id: string): Promise<MessageInstance> {
  const instance = await getMessageInstance(db, id);
  if (!instance) throw notFound('Message instance', id);
  return toMessageInstanceView(instance);
}

export interface DeliveredOutput {
  contentType: string;
  fileName: string;
  body: Buffer;
}

/** What a delivered instance sent: the S/MIME entity, or the message itself in clear text. */
export async function deliveredOutput(db: Executor, id: string): Promise<DeliveredOutput> {
  const instance = await getMessageInstanceWithBodies(db, id);
  if (!instance) throw notFound('Message instance', id);
  if (instance.output === null) {
    throw new HttpProblem({
      status: 409,
      code: 'nothing-delivered',
      detail: `Message instance ${id} is ${instance.status}; nothing was delivered, so there is no output. Resume it once the cause is fixed.`,
      extra: { status: instance.status },
    });
  }
  return instance.encrypted
    ? {
        contentType: 'application/pkcs7-mime; smime-type=enveloped-data; name=smime.p7m',
        fileName: `${id}.p7m.eml`,
        body: instance.output,
      }
    : { contentType: 'application/octet-stream', fileName: `${id}.msg`, body: instance.output };
}

/**
 * The Group Hub's overview: suspended instances per port, and a page of the ports whose certificate is missing,
 * expired, not yet valid or expiring on a server that processes it, with their number. Every port's problems
 * are decided at `now` from the group's certificate references (lifecycle/certificate-references.ts), which
 * are read for the whole group at once, whatever the number of ports; only the page asked for is built into
 * the answer. The problem ports are ordered by application, then send port name, each compared by UTF-16
 * code units (as `<` compares strings): a fixed order whatever the server's locale, in which send port names,
 * unique in the group, leave no tie, so that pages never overlap (docs/decisions/030-group-hub-problems-paged.md).
 */
export async function groupHub(
  db: Executor,
  { ports, certificates, holders, serversByHandler }: CertificateReferences,
  now: Date,
  expiringWithinDays: number,
  page: { limit: number; offset: number },
): Promise<GroupHub> {
  const suspendedBySendPort = await countSuspendedBySendPort(db);
  const holdingByThumbprint = new Map(
    [...holders].map(([thumbprint, names]) => [thumbprint, new Set(names.map((name) => name.toLowerCase()))]),
  );

  type Problems = GroupHub['certificateProblems'][number]['problems'];
  const withProblems: { port: (typeof ports)[number]; problems: Problems }[] = [];
  for (const port of ports) {
    const certificate = certificates.get(port.thumbprint) ?? null;
    const holding = holdingByThumbprint.get(port.thumbprint) ?? new Set<string>();
    const problems: Problems = [];
    for (const server of serversByHandler.get(port.sendHandlerHostId) ?? []) {
      if (!certificate || !holding.has(server.name.toLowerCase())) {
        problems.push({ server: server.name, problem: 'missing' });
      } else if (isExpired(certificate, now)) {
        problems.push({ server: server.name, problem: 'expired' });
      } else if (isNotYetValid(certificate, now)) {
        // DESIGN §3 d: every message sent before Not Before is suspended.
        problems.push({ server: server.name, problem: 'not-yet-valid' });
      } else if (isExpiring(certificate, now, expiringWithinDays)) {
        problems.push({
          server: server.name,
          problem: 'expiring',
          daysLeft: daysUntilExpiry(certificate.notAfter, now),
        });
      }
    }
    if (problems.length > 0) withProblems.push({ port, problems });
  }
  withProblems.sort(
    (a, b) => byCodeUnits(a.port.application, b.port.application) || byCodeUnits(a.port.name, b.port.name),
  );

  const certificateProblems = withProblems
    .slice(page.offset, page.offset + page.limit)
    .map(({ port, problems }) => ({
      sendPort: port.name,
      application: port.application,
      thumbprint: port.thumbprint,
      commonName: port.commonName ?? certificates.get(port.thumbprint)?.subjectCommonName ?? null,
      problems,
    }));
  return { suspendedBySendPort, certificateProblems, certificateProblemsTotal: withProblems.length };
}

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
