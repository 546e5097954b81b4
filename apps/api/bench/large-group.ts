import {
  DEFAULT_TRACKING,
  DEFAULT_TRANSPORT_OPTIONS,
  getCertificateWithDer,
  type Executor,
} from '@bts-console/db';
import { randomBytes } from 'node:crypto';
import { testDatabaseUrl } from '../src/config/env';
import type { TestDialect } from '../src/test-support/test-app';

/** The size of the large group the benchmark compares with the demo group. */
export const LARGE_GROUP = {
  applications: 100,
  portsPerApplication: 100,
  certificatesPerStore: 20_000,
} as const;

const BATCH = 500;

function hex(bytes: number): string {
  return randomBytes(bytes).toString('hex').toUpperCase();
}

export function generatedApplicationName(index: number): string {
  return `Generated.App.${String(index).padStart(3, '0')}`;
}

export function generatedCertificateName(index: number): string {
  return `Generated Partner ${String(index).padStart(5, '0')}`;
}

/**
 * Adds 100 applications of 100 send ports and 20,000 certificates (or what `size` says) to every
 * computer's Other People store of a seeded demo group. Parsing and hashing 20,000 real certificates would take longer than
 * the benchmark itself, so the rows are written directly: every generated certificate reuses the DER
 * bytes and validity of the demo's Contoso certificate, under a random thumbprint and SHA-256 and its
 * own common name. Lookups, searches and joins, which are what the benchmark measures, only see rows.
 * A third of the generated ports use a generated certificate. Returns the generated thumbprints.
 */
export async function growIntoLargeGroup(
  db: Executor,
  templateThumbprint: string,
  now: Date,
  size: { applications: number; portsPerApplication: number; certificatesPerStore: number } = LARGE_GROUP,
): Promise<string[]> {
  const template = await getCertificateWithDer(db, templateThumbprint);
  if (!template) throw new Error(`The template certificate ${templateThumbprint} is not in the database.`);
  const at = now.toISOString();
  const thumbprints = Array.from({ length: size.certificatesPerStore }, () => hex(20));

  await db.transaction().execute(async (trx) => {
    const computers = await trx.selectFrom('computers').select('id').execute();
    const host = await trx
      .selectFrom('hosts')
      .select('id')
      .where('name', '=', 'BizTalkServerApplication')
      .executeTakeFirstOrThrow();

    for (let start = 0; start < thumbprints.length; start += BATCH) {
      const batch = thumbprints.slice(start, start + BATCH);
      await trx
        .insertInto('certificates')
        .values(
          batch.map((thumbprint, offset) => ({
            thumbprint,
            sha256: hex(32),
            subject: `CN=${generatedCertificateName(start + offset)}, O=Generated Partners`,
            subjectCommonName: generatedCertificateName(start + offset),
            issuer: template.issuer,
            issuerCommonName: template.issuerCommonName,
            serialNumber: hex(16),
            notBefore: template.notBefore,
            notAfter: template.notAfter,
            keyUsage: JSON.stringify(template.keyUsage),
            extendedKeyUsage: JSON.stringify(template.extendedKeyUsage),
            publicKeyAlgorithm: template.publicKeyAlgorithm,
            publicKeySize: template.publicKeySize,
            der: template.der,
            firstSeenAt: at,
          })),
        )
        .execute();
      for (const computer of computers) {
        await trx
          .insertInto('storeCertificates')
          .values(
            batch.map((thumbprint, offset) => ({
              computerId: computer.id,
              thumbprint,
              friendlyName: `${generatedCertificateName(start + offset)} (generated)`,
              addedAt: at,
              addedBy: 'bench',
            })),
          )
          .execute();
      }
    }

    for (let index = 0; index < size.applications; index += 1) {
      const application = await trx
        .insertInto('applications')
        .values({
          name: generatedApplicationName(index),
          description: 'Generated for the benchmark',
          isSystem: 0,
          createdAt: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('sendPorts')
        .values(
          Array.from({ length: size.portsPerApplication }, (_, port) => {
            const certificate =
              port % 3 === 0
                ? thumbprints[(index * size.portsPerApplication + port) % thumbprints.length]
                : undefined;
            return {
              name: `${generatedApplicationName(index)}.SP.${String(port).padStart(3, '0')}`,
              applicationId: application.id,
              kind: 'Static One-way' as const,
              status: 'Started' as const,
              transportType: 'HTTP',
              uri: `https://partner-${index}-${port}.example/inbound`,
              sendHandlerHostId: host.id,
              sendPipeline: 'Microsoft.BizTalk.DefaultPipelines.PassThruTransmit',
              receivePipeline: null,
              description: '',
              filter: null,
              transportOptions: JSON.stringify(DEFAULT_TRANSPORT_OPTIONS),
              backupTransport: null,
              outboundMaps: '[]',
              tracking: JSON.stringify(DEFAULT_TRACKING),
              certificateThumbprint: certificate ?? null,
              certificateCommonName: certificate ? 'Generated Partner' : null,
              version: 1,
              changedBy: 'bench',
              changedAt: at,
            };
          }),
        )
        .execute();
    }
  });
  return thumbprints;
}

/**
 * The databases a benchmark run measures, from its arguments: those named (`sqlite`, `postgres`), or, when
 * none is named, SQLite and, with TEST_DATABASE_URL set, PostgreSQL. Other arguments (sizes) do not count.
 */
export function chosenDialects(argumentsGiven: readonly string[]): TestDialect[] {
  const available: TestDialect[] = testDatabaseUrl() ? ['sqlite', 'postgres'] : ['sqlite'];
  const named = available.filter((dialect) => argumentsGiven.includes(dialect));
  if (argumentsGiven.includes('postgres') && !named.includes('postgres')) {
    throw new Error('postgres was asked for: set TEST_DATABASE_URL (postgres://user@host:port/db).');
  }
  return named.length > 0 ? named : available;
}

/** The group sizes a benchmark run measures: those given as arguments, or every one of `sizes`. */
export function chosenSizes(argumentsGiven: readonly string[], sizes: readonly number[]): number[] {
  const named = sizes.filter((size) => argumentsGiven.includes(String(size)));
  return named.length > 0 ? named : [...sizes];
}
