/*
 * Growth benchmark (`npm run bench`): how the main reads cost as the group grows, at 1,000, 10,000 and
 * 50,000 send ports with twice as many certificates in every Other People store (2,000 / 20,000 /
 * 100,000). Half the ports are applications of 100 (large-group.ts), half one big application; a third
 * use a certificate. Each size is a fresh real server, measured over HTTP as a client sees it:
 * sequential requests, the median of each, and the growth exponent between sizes (0 = constant, 1 =
 * linear in the group's size). On SQLite and, when TEST_DATABASE_URL is set, PostgreSQL. The export of
 * a big application and the import of 1,000 new ports are measured by bench-bindings-scale.ts. Arguments
 * choose the databases (`sqlite`, `postgres`) and sizes (`1000`, `10000`, `50000`); by default, all of them.
 */
import { findDemoCertificate } from '@bts-console/db';
import { GROUP_HUB_PROBLEMS_PAGE_SIZE } from '@bts-console/domain';
import { refreshPlannerStatistics } from '@bts-console/db/testing';
import { cpus, loadavg } from 'node:os';
import { addLargeApplication } from '../src/test-support/large-application';
import { startTestApp, type TestDialect } from '../src/test-support/test-app';
import {
  chosenDialects,
  chosenSizes,
  generatedApplicationName,
  generatedCertificateName,
  growIntoLargeGroup,
} from './large-group';

const SIZES = [1_000, 10_000, 50_000];
const RUNS = 30;
const WARM_UP = 3;
const BIG_APPLICATION = 'Growth.Big';

const load = () =>
  `${loadavg()
    .map((value) => value.toFixed(2))
    .join(' ')} on ${cpus().length} CPUs`;

interface Operation {
  label: string;
  path: string;
}

function operations(size: number, certificate: string): Operation[] {
  const store = '/api/computers/BTS01/stores/other-people/certificates';
  return [
    { label: 'GET a send port', path: `/api/send-ports/${generatedApplicationName(0)}.SP.001` },
    {
      label: 'list an application of 100 ports',
      path: `/api/applications/${generatedApplicationName(0)}/send-ports`,
    },
    {
      label: `list the big application (${(size / 2).toLocaleString('en-US')} ports), every port (no limit)`,
      path: `/api/applications/${BIG_APPLICATION}/send-ports`,
    },
    {
      label: 'list the big application, the first page of 200 as the console asks',
      path: `/api/applications/${BIG_APPLICATION}/send-ports?limit=200&offset=0`,
    },
    { label: 'certificate details (used by a sixth of the ports)', path: `/api/certificates/${certificate}` },
    {
      label: 'store search, one match by name',
      path: `${store}?q=${encodeURIComponent(generatedCertificateName(777))}`,
    },
    { label: 'store search, first page of every generated certificate', path: `${store}?q=generated` },
    { label: 'store, first page without a search', path: store },
    { label: 'certificates in use', path: '/api/certificates/in-use' },
    {
      label: `Group Hub, the first page of ${GROUP_HUB_PROBLEMS_PAGE_SIZE} problems as the console asks`,
      path: `/api/group/hub?limit=${GROUP_HUB_PROBLEMS_PAGE_SIZE}&offset=0`,
    },
  ];
}

async function measureSize(dialect: TestDialect, size: number): Promise<Map<string, number>> {
  const app = await startTestApp({ dialect });
  try {
    const db = app.deps.database.db;
    const certificate = await findDemoCertificate(db, 'validEverywhere');
    if (!certificate) throw new Error('The demo group has no certificate valid everywhere.');
    const built = performance.now();
    await growIntoLargeGroup(db, certificate.thumbprint, app.clock.now(), {
      applications: size / 200,
      portsPerApplication: 100,
      certificatesPerStore: size * 2,
    });
    await addLargeApplication(db, { name: BIG_APPLICATION, size: size / 2, prefix: 'SP.Growth' });
    if (dialect === 'postgres') await refreshPlannerStatistics(app.deps.database);
    console.log(
      `  ${dialect} ${size.toLocaleString('en-US')} ports: group built in ${((performance.now() - built) / 1000).toFixed(1)} s`,
    );
    const { headers } = await app.signIn('admin');
    const medians = new Map<string, number>();
    for (const { label, path } of operations(size, certificate.thumbprint)) {
      const times: number[] = [];
      for (let run = 0; run < WARM_UP + RUNS; run += 1) {
        const started = performance.now();
        const response = await fetch(`${app.baseUrl}${path}`, { headers });
        await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`${path} answered ${response.status}.`);
        if (run >= WARM_UP) times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      medians.set(label.replace(/ \([\d,]+ ports\)/, ''), times[Math.floor(times.length / 2)]!);
    }
    return medians;
  } finally {
    await app.close();
  }
}

const exponent = (small: number, large: number, from: number, to: number) =>
  (Math.log(large / small) / Math.log(to / from)).toFixed(2);

async function main(): Promise<void> {
  console.log(`Load average at start: ${load()}`);
  const dialects = chosenDialects(process.argv.slice(2));
  const sizes = chosenSizes(process.argv.slice(2), SIZES);
  for (const dialect of dialects) {
    const bySize: Map<string, number>[] = [];
    for (const size of sizes) bySize.push(await measureSize(dialect, size));
    const steps = sizes.slice(1).map((size, index) => [sizes[index]!, size] as const);
    console.log(`\n${dialect}: median ms of ${RUNS} sequential requests over HTTP\n`);
    const headings = [
      ...sizes.map((size) => `${size / 1000}k ports`),
      ...steps.map(([from, to]) => `exponent ${from / 1000}k→${to / 1000}k`),
    ];
    console.log(`| operation | ${headings.join(' | ')} |`);
    console.log(`|---|${headings.map(() => '---:').join('|')}|`);
    for (const label of bySize[0]!.keys()) {
      const medians = bySize.map((measured) => measured.get(label)!);
      const exponents = steps.map(([from, to], index) =>
        exponent(medians[index]!, medians[index + 1]!, from, to),
      );
      console.log(`| ${label} | ${[...medians.map((ms) => ms.toFixed(2)), ...exponents].join(' | ')} |`);
    }
  }
  console.log(`\nLoad average at end: ${load()}`);
}

await main();
