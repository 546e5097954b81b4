import { openDatabase, seedDemoGroup, type BtsDatabase } from '@bts-console/db';
import { cachedDemoCertificateIssuer, createTestDatabase } from '@bts-console/db/testing';
import { type Clock, ROLES, fixedClock } from '@bts-console/domain';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pino } from 'pino';
import type { AppDependencies } from '../app-dependencies';
import { createApp } from '../app';
import { type AppConfig, testDatabaseUrl, testDemoCertificatesDir } from '../config/env';
import type { ScryptCost } from '../auth/passwords';
import { movableClock } from '../test-clock/movable-clock';
import { ensureUsers } from '../users/users.service';

export type TestRole = 'admin' | 'operator' | 'reader';

/** Known passwords of the test users; they exist only in test databases. */
export const TEST_PASSWORDS: Record<TestRole, string> = {
  admin: 'test-admin-password',
  operator: 'test-operator-password',
  reader: 'test-reader-password',
};

/** Test users hash cheaply so suites that sign in often stay fast; production users use the default cost. */
export const TEST_SCRYPT_COST: ScryptCost = { N: 2 ** 10, r: 8, p: 1 };

export type TestDialect = 'sqlite' | 'postgres';

/** SQLite always; PostgreSQL as well when TEST_DATABASE_URL is set. */
export const TEST_DIALECTS: TestDialect[] = testDatabaseUrl() ? ['sqlite', 'postgres'] : ['sqlite'];

export const TEST_START_TIME = '2026-11-25T12:00:00Z';

export interface StartTestAppOptions {
  dialect?: TestDialect;
  clock?: Clock;
  seed?: 'demo' | 'none';
  config?: Partial<AppConfig>;
  /** Defaults to a silent logger; tests of the request log pass one that writes to a buffer. */
  logger?: AppDependencies['logger'];
  /**
   * Serve the database of another test app through a connection pool of its own, as a second
   * API process would; the other app keeps ownership of the database.
   */
  shareDatabaseOf?: TestApp;
  /** Serve POST /api/test-clock, as a server started with BTS_TEST_CLOCK=1 does; `clock` then moves. */
  testClock?: boolean;
}

export interface SignedIn {
  cookie: string;
  /** Cookie plus the Origin header that a state-changing request from the console carries. */
  headers: Record<string, string>;
}

export interface TestApp {
  baseUrl: string;
  origin: string;
  deps: AppDependencies;
  clock: Clock;
  signIn(role: TestRole): Promise<SignedIn>;
  createToken(role: TestRole): Promise<string>;
  close(): Promise<void>;
}

/** Starts the real app on 127.0.0.1 with a fresh migrated database and a fixed clock. */
export async function startTestApp(options: StartTestAppOptions = {}): Promise<TestApp> {
  const testClock = options.testClock
    ? movableClock(options.clock ?? fixedClock(TEST_START_TIME))
    : undefined;
  const clock = testClock ?? options.clock ?? fixedClock(TEST_START_TIME);
  const shared = options.shareDatabaseOf;
  let database: BtsDatabase;
  let dataDir: string;
  let release: () => Promise<void>;
  if (shared) {
    dataDir = shared.deps.config.dataDir;
    const sharedDatabase = shared.deps.database;
    database = await openDatabase({
      dataDir,
      ...(sharedDatabase.dialect === 'postgres'
        ? { databaseUrl: testDatabaseUrl(), schema: sharedDatabase.schema }
        : {}),
    });
    release = () => database.close();
  } else {
    const created = await createTestDatabase(options.dialect ?? 'sqlite', {
      testDatabaseUrl: testDatabaseUrl(),
    });
    database = created;
    dataDir = created.dataDir;
    release = () => created.cleanup();
  }
  if (!shared) {
    if ((options.seed ?? 'demo') === 'demo') {
      const cacheDir = testDemoCertificatesDir();
      await seedDemoGroup(database.db, {
        clock,
        dataDir,
        ...(cacheDir ? { issueCertificates: cachedDemoCertificateIssuer(cacheDir) } : {}),
      });
    }
    await ensureUsers(
      database.db,
      clock,
      [
        { username: 'admin', role: ROLES.administrators, password: TEST_PASSWORDS.admin },
        { username: 'operator', role: ROLES.operators, password: TEST_PASSWORDS.operator },
        { username: 'reader', role: ROLES.readOnlyUsers, password: TEST_PASSWORDS.reader },
      ],
      TEST_SCRYPT_COST,
    );
  }
  const config: AppConfig = {
    port: 0,
    dataDir,
    seed: options.seed ?? 'demo',
    logLevel: 'silent',
    secureCookies: false,
    trustProxy: false,
    sessionIdleMinutes: 30,
    sessionAbsoluteHours: 12,
    webDistDir: join(dataDir, 'no-web-dist'),
    passwordHashCost: TEST_SCRYPT_COST,
    testClock: testClock !== undefined,
    ...options.config,
  };
  const deps: AppDependencies = {
    database,
    clock,
    config,
    logger: options.logger ?? pino({ level: 'silent' }),
    ...(testClock ? { testClock } : {}),
  };
  const server = createApp(deps).listen(0, '127.0.0.1');
  // On a busy machine a test can pause longer than Node's 5 s default; the client would then
  // reuse a socket the server had just closed and see ECONNRESET.
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;

  async function signIn(role: TestRole): Promise<SignedIn> {
    const response = await fetch(`${baseUrl}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: baseUrl },
      body: JSON.stringify({ username: role, password: TEST_PASSWORDS[role] }),
    });
    if (response.status !== 200) throw new Error(`Test sign-in as ${role} failed: ${response.status}`);
    const setCookie = response.headers.get('set-cookie') ?? '';
    const cookie = setCookie.split(';')[0] ?? '';
    return { cookie, headers: { cookie, origin: baseUrl } };
  }

  async function createToken(role: TestRole): Promise<string> {
    const { headers } = await signIn(role);
    const response = await fetch(`${baseUrl}/api/tokens`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ name: `test token for ${role}` }),
    });
    if (response.status !== 201)
      throw new Error(`Creating a test token for ${role} failed: ${response.status}`);
    const body = (await response.json()) as { token: string };
    return body.token;
  }

  return {
    baseUrl,
    origin: baseUrl,
    deps,
    clock,
    signIn,
    createToken,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await release();
    },
  };
}
