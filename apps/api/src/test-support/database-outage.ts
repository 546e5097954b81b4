import type { SendPort as SendPortRecord } from '@bts-console/db';
import { DEFAULT_TRACKING, DEFAULT_TRANSPORT_OPTIONS } from '@bts-console/db';
import net from 'node:net';
import pg from 'pg';
import { writeBindingInfo } from '../bindings/binding-info-writer';

/*
 * What the tests and the benchmark of PostgreSQL outages share: ending the server's own backends as an
 * administrator, a failover or a restart would, and a TCP relay that can make the database vanish.
 */

/**
 * Ends, with pg_terminate_backend, every backend of the given application that is running a
 * statement or holding a transaction open, looking at pg_stat_activity for one to be busy for up to `waitMs`
 * (a time, not a number of looks: on a loaded machine 500 looks passed without one busy backend while reads
 * ran). Resolves to how many were ended; 0 when none was busy.
 */
export async function terminateBusyBackends(
  admin: pg.Client,
  applicationName: string,
  waitMs = 30_000,
): Promise<number> {
  for (const deadline = Date.now() + waitMs; Date.now() < deadline;) {
    const { rows } = await admin.query<{ terminated: boolean }>(
      `select pg_terminate_backend(pid) as terminated from pg_stat_activity
       where application_name = $1 and pid <> pg_backend_pid() and state <> 'idle'`,
      [applicationName],
    );
    const ended = rows.filter((row) => row.terminated).length;
    if (ended > 0) return ended;
    await new Promise((resolve) => setImmediate(resolve));
  }
  return 0;
}

/** A connection as a database administrator, who may end other sessions' backends. */
export async function connectAsAdministrator(databaseUrl: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'bts-console outage' });
  // Ends of the backends it watches reach only them; an error here must fail the test, not the process.
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/** A TCP relay to PostgreSQL that can be cut (listener closed, every connection destroyed) and restored. */
export interface DatabaseRelay {
  /** The database URL with the relay's port instead of PostgreSQL's. */
  url: string;
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startDatabaseRelay(databaseUrl: string): Promise<DatabaseRelay> {
  const target = new URL(databaseUrl);
  const targetPort = Number(target.port || 5432);
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  await listen(0);
  const port = (server.address() as net.AddressInfo).port;
  const url = new URL(databaseUrl);
  url.port = String(port);
  url.hostname = '127.0.0.1';
  let listening = true;
  async function cut(): Promise<void> {
    if (!listening) return;
    listening = false;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of sockets) socket.destroy();
    await closed;
  }
  return {
    url: url.toString(),
    cut,
    async restore() {
      if (listening) return;
      await listen(port);
      listening = true;
    },
    close: cut,
  };
}

/** `count` new FILE send ports named `<prefix>.<n>.FILE`, as a binding file for `application`. */
export function newPortsBindingFile(application: string, prefix: string, count: number): string {
  const ports: SendPortRecord[] = Array.from({ length: count }, (_, index) => ({
    id: index + 1,
    name: `${prefix}.${String(index).padStart(4, '0')}.FILE`,
    applicationId: 0,
    application,
    kind: 'Static One-way',
    status: 'Bound',
    transportType: 'FILE',
    uri: `\\\\FS01\\Outage\\${prefix}\\${index}\\%MessageID%.xml`,
    sendHandlerHostId: null,
    sendHandler: 'BizTalkServerApplication',
    sendPipeline: 'Microsoft.BizTalk.DefaultPipelines.PassThruTransmit',
    receivePipeline: null,
    description: `Outage port ${index}`,
    filter: null,
    transportOptions: DEFAULT_TRANSPORT_OPTIONS,
    backupTransport: null,
    outboundMaps: [],
    tracking: DEFAULT_TRACKING,
    certificate: null,
    version: 1,
    changedBy: 'outage',
    changedAt: '2026-11-25T12:00:00.000Z',
  }));
  return writeBindingInfo({ application, sendPorts: ports, certificates: new Map(), timestamp: new Date() });
}
