import { expressionBuilder, sql, type Expression, type SqlBool } from 'kysely';
import { preparedQuery } from '../prepared-query';
import type { DatabaseSchema, Executor, HostInstanceState } from '../schema';
import { inScope, type SendPortScope } from './send-ports';

/**
 * The servers that process a send port (DESIGN §2), written once: a host instance, joined with its
 * computer, is one of them when the computer is a BizTalk server and the host is the port's send
 * handler, or the group's default host for a dynamic port that names none. `sendHandlerHostId` is
 * the port's column (`eb.ref('sendPorts.sendHandlerHostId')`) or a value (`sql.val(id)`).
 */
function processesSendPort(sendHandlerHostId: Expression<number | null>): Expression<SqlBool> {
  const eb = expressionBuilder<DatabaseSchema, 'hostInstances' | 'computers'>();
  const defaultHost = eb
    .selectFrom('hosts')
    .select('hosts.id')
    .where('hosts.isDefault', '=', 1)
    .orderBy('hosts.id')
    .limit(1);
  return eb.and([
    eb('computers.role', '=', 'BizTalk Server'),
    eb('hostInstances.hostId', '=', eb.fn.coalesce(sendHandlerHostId, defaultHost)),
  ]);
}

export interface ProcessingServer {
  computerId: number;
  name: string;
  /** State of the send handler's host instance on this server. */
  hostInstanceState: HostInstanceState;
}

/** Host instances of the group's computers, as the processing servers they make; a query adds which. */
function selectServers(db: Executor) {
  return db
    .selectFrom('hostInstances')
    .innerJoin('computers', 'computers.id', 'hostInstances.computerId')
    .select(['computers.id as computerId', 'computers.name', 'hostInstances.state as hostInstanceState'])
    .orderBy('computers.name');
}

/** The BizTalk servers that process a send port; the certificate must be in the Other People store of each. */
export async function getProcessingServers(db: Executor, sendPortId: number): Promise<ProcessingServer[]> {
  return selectServers(db)
    .crossJoin('sendPorts')
    .where('sendPorts.id', '=', sendPortId)
    .where((eb) => processesSendPort(eb.ref('sendPorts.sendHandlerHostId')))
    .execute();
}

/**
 * The servers that would process a send port whose send handler is this host (null: none named), for
 * a port that does not exist yet or is about to change its handler (binding import).
 */
export async function getProcessingServersOfSendHandler(
  db: Executor,
  sendHandlerHostId: number | null,
): Promise<ProcessingServer[]> {
  return selectServers(db)
    .where(processesSendPort(sql.val(sendHandlerHostId)))
    .execute();
}

/**
 * The processing servers of many send ports in one read (an application's thousands, the ports a
 * renewed certificate replaces), by send handler: a port's servers are those of its
 * `sendHandlerHostId` (the key null for a port that names none). A handler that no server runs has
 * no entry.
 */
export async function getProcessingServersBySendHandler(
  db: Executor,
  scope: SendPortScope,
): Promise<Map<number | null, ProcessingServer[]>> {
  // The handlers first, then their servers: an application's ports share a handful of handlers.
  const handlers = db
    .selectFrom('sendPorts')
    .select('sendPorts.sendHandlerHostId')
    .distinct()
    .where(inScope(scope))
    .as('handlers');
  const rows = await selectServers(db)
    .crossJoin(handlers)
    .where((eb) => processesSendPort(eb.ref('handlers.sendHandlerHostId')))
    .select('handlers.sendHandlerHostId')
    .execute();
  const byHandler = new Map<number | null, ProcessingServer[]>();
  for (const { sendHandlerHostId, ...server } of rows) {
    const servers = byHandler.get(sendHandlerHostId);
    if (servers) servers.push(server);
    else byHandler.set(sendHandlerHostId, [server]);
  }
  return byHandler;
}

/** A processing server of a port, and whether its Other People store holds a given certificate. */
export interface ProcessingServerHolding {
  name: string;
  hostInstanceState: HostInstanceState;
  holdsCertificate: boolean;
  /** The certificate's validity, the same on every server's row; null when no known certificate has the thumbprint. */
  notBefore: string | null;
  notAfter: string | null;
}

const processingServersHolding = preparedQuery(
  (db, values: { sendHandlerHostId: number | null; thumbprint: string }) =>
    db
      .selectFrom('hostInstances')
      .innerJoin('computers', 'computers.id', 'hostInstances.computerId')
      .leftJoin('storeCertificates', (join) =>
        join
          .onRef('storeCertificates.computerId', '=', 'computers.id')
          .on('storeCertificates.thumbprint', '=', values.thumbprint),
      )
      // The thumbprint is the key of certificates: at most one row, the same on every server's line.
      .leftJoin('certificates', (join) => join.on('certificates.thumbprint', '=', values.thumbprint))
      .select([
        'computers.name',
        'hostInstances.state as hostInstanceState',
        'storeCertificates.thumbprint as heldThumbprint',
        'certificates.notBefore',
        'certificates.notAfter',
      ])
      .where(processesSendPort(sql.val(values.sendHandlerHostId)))
      .orderBy('computers.name'),
);

/**
 * The servers that process a port, whether each one's Other People store holds the certificate, and
 * the certificate's validity, in one query: reading a port is the API's most frequent request.
 */
export async function getProcessingServersHolding(
  db: Executor,
  port: { sendHandlerHostId: number | null },
  thumbprint: string | null,
): Promise<ProcessingServerHolding[]> {
  const rows = await processingServersHolding.execute(db, {
    sendHandlerHostId: port.sendHandlerHostId,
    thumbprint: thumbprint ?? '',
  });
  return rows.map((row) => ({
    name: row.name,
    hostInstanceState: row.hostInstanceState,
    holdsCertificate: row.heldThumbprint !== null,
    notBefore: row.notBefore,
    notAfter: row.notAfter,
  }));
}

/**
 * Whether a computer processes a send port, for a query over send ports: removing a certificate from
 * that computer's store would break the ports it processes.
 */
export function isProcessedOn(db: Executor, computerName: string): Expression<SqlBool> {
  const eb = expressionBuilder<DatabaseSchema, 'sendPorts'>();
  return eb.exists(
    db
      .selectFrom('hostInstances')
      .innerJoin('computers', 'computers.id', 'hostInstances.computerId')
      .select('hostInstances.id')
      .where(sql<string>`lower(computers.name)`, '=', sql<string>`lower(${computerName})`)
      .where(processesSendPort(eb.ref('sendPorts.sendHandlerHostId'))),
  );
}
