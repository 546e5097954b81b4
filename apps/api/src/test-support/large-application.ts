import {
  createApplication,
  findDemoCertificate,
  insertSendPorts,
  type Certificate,
  type DemoCertificateCaseName,
  type Executor,
  type NewSendPort,
} from '@bts-console/db';

/**
 * Adds an application of `size` static FILE send ports on BizTalkServerApplication to a seeded demo
 * group, every third with a demo certificate (the one valid everywhere unless `certificateCase` names another). Ports are inserted out of name order
 * (`Prefix.00042`), so that any order a read returns comes from the read, not from the ids. Returns the
 * certificate and the ports' names in name order.
 */
export async function addLargeApplication(
  db: Executor,
  {
    name,
    size,
    prefix,
    certificateCase = 'validEverywhere',
  }: { name: string; size: number; prefix: string; certificateCase?: DemoCertificateCaseName },
): Promise<{ certificate: Certificate; names: string[] }> {
  const certificate = await findDemoCertificate(db, certificateCase);
  if (!certificate) throw new Error(`The demo group has no certificate ${certificateCase}.`);
  const now = new Date();
  const application = await createApplication(db, { name, createdAt: now });
  const host = await db
    .selectFrom('hosts')
    .select('id')
    .where('name', '=', 'BizTalkServerApplication')
    .executeTakeFirstOrThrow();
  const names: string[] = [];
  // A prime step visits every index once, out of order, for any size it does not divide.
  const step = size % 7919 === 0 ? 1 : 7919;
  await db.transaction().execute(async (trx) => {
    const batch = 10_000;
    for (let start = 0; start < size; start += batch) {
      const ports: NewSendPort[] = [];
      for (let index = start; index < Math.min(size, start + batch); index += 1) {
        const port = `${prefix}.${String((index * step) % size).padStart(5, '0')}`;
        names.push(port);
        ports.push({
          name: port,
          applicationId: application.id,
          kind: 'Static One-way',
          transportType: 'FILE',
          uri: `C:\\Out\\${index}\\%MessageID%.xml`,
          sendHandlerHostId: host.id,
          sendPipeline: 'Microsoft.BizTalk.DefaultPipelines.PassThruTransmit',
          certificate:
            index % 3 === 0
              ? { thumbprint: certificate.thumbprint, commonName: certificate.subjectCommonName }
              : null,
          changedBy: 'admin',
          changedAt: now,
        });
      }
      await insertSendPorts(trx, ports);
    }
  });
  return { certificate, names: names.sort() };
}

/** Everything a binding import could change: the send ports' rows and the audit chain. */
export async function bindingsSnapshot(db: Executor): Promise<unknown> {
  const [ports, audit] = await Promise.all([
    db.selectFrom('sendPorts').selectAll().orderBy('id').execute(),
    db.selectFrom('auditEntries').select(['seq', 'hash']).orderBy('seq').execute(),
  ]);
  return { ports, audit };
}
