import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registeredOperations } from '../openapi/registry';
import { call } from '../test-support/http';
import { startTestApp, type TestApp } from '../test-support/test-app';

/** Who calls: nobody, each role with a session cookie, and an administrator's API token. */
const CALLERS = ['anonymous', 'reader', 'operator', 'admin', 'adminToken'] as const;
type Caller = (typeof CALLERS)[number];

interface RowContext {
  app: TestApp;
  caller: Caller;
  /** The caller's credentials: cookie plus Origin, or Authorization; empty for anonymous. */
  headers: Record<string, string>;
}

interface AuthorizationRow {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  /** A JSON body. */
  body?: unknown;
  /** A JSON body per caller, e.g. a unique name so each administrator call can succeed. */
  bodyFor?: (caller: Caller) => unknown;
  /** Extra headers computed just before the call, e.g. If-Match with the port's current ETag. */
  headers?: (context: RowContext) => Promise<Record<string, string>> | Record<string, string>;
  /** Sign in anew for this row (it ends or changes the caller's session). */
  freshSession?: boolean;
  /**
   * Exact statuses, or ALLOWED where the caller passes authorization but the answer depends on the
   * demo state or a deliberately incomplete request (any status but 401, 403 and 5xx).
   */
  expected: Record<Caller, number | typeof ALLOWED>;
}

const ALLOWED = 'allowed';

// Shorthands for the common shapes of the matrix.
const everyoneSignedIn = (status: number | typeof ALLOWED): Record<Caller, number | typeof ALLOWED> => ({
  anonymous: 401,
  reader: status,
  operator: status,
  admin: status,
  adminToken: status,
});
const administratorsOnly = (status: number | typeof ALLOWED): Record<Caller, number | typeof ALLOWED> => ({
  anonymous: 401,
  reader: 403,
  operator: 403,
  admin: status,
  adminToken: status,
});
const administratorsAndOperators = (
  status: number | typeof ALLOWED,
): Record<Caller, number | typeof ALLOWED> => ({
  anonymous: 401,
  reader: 403,
  operator: status,
  admin: status,
  adminToken: status,
});
const anyone = (status: number | typeof ALLOWED): Record<Caller, number | typeof ALLOWED> => ({
  anonymous: status,
  reader: status,
  operator: status,
  admin: status,
  adminToken: status,
});

const ROWS: AuthorizationRow[] = [
  // Public
  { method: 'GET', path: '/api/health', expected: anyone(200) },
  { method: 'GET', path: '/api/openapi.json', expected: anyone(200) },
  { method: 'GET', path: '/api/docs', expected: anyone(200) },
  {
    method: 'POST',
    path: '/api/session',
    body: { username: 'nobody', password: 'not a password' },
    // Anyone may try to sign in; the wrong password is what refuses this one.
    expected: anyone(401),
  },

  // Session and tokens
  { method: 'GET', path: '/api/session', expected: everyoneSignedIn(200) },
  { method: 'DELETE', path: '/api/session', freshSession: true, expected: everyoneSignedIn(204) },
  { method: 'GET', path: '/api/tokens', expected: everyoneSignedIn(200) },
  {
    method: 'POST',
    path: '/api/tokens',
    bodyFor: (caller) => ({ name: `matrix ${caller}` }),
    expected: everyoneSignedIn(201),
  },
  { method: 'DELETE', path: '/api/tokens/999999', expected: everyoneSignedIn(404) },

  // Users
  { method: 'GET', path: '/api/users', expected: administratorsOnly(200) },
  {
    method: 'POST',
    path: '/api/users',
    bodyFor: (caller) => ({ username: `matrix.${caller}`, role: 'BizTalk Server Read Only Users' }),
    expected: administratorsOnly(201),
  },
  { method: 'POST', path: '/api/users/matrix.target/reset-password', expected: administratorsOnly(200) },

  // Group, applications, artifacts, thumbprints, audit
  { method: 'GET', path: '/api/group', expected: everyoneSignedIn(200) },
  { method: 'GET', path: '/api/applications', expected: everyoneSignedIn(200) },
  {
    method: 'POST',
    path: '/api/applications',
    bodyFor: (caller) => ({ name: `Matrix.${caller}` }),
    expected: administratorsOnly(201),
  },
  {
    method: 'GET',
    path: '/api/applications/BizTalk.System/artifacts?kind=Schemas',
    expected: everyoneSignedIn(200),
  },
  { method: 'GET', path: '/api/artifacts', expected: everyoneSignedIn(200) },
  {
    method: 'POST',
    path: '/api/thumbprints/normalize',
    body: { value: '9a3f01bc44de55aa102030405060708090a0b0c0' },
    expected: everyoneSignedIn(200),
  },
  { method: 'GET', path: '/api/audit', expected: everyoneSignedIn(200) },
  { method: 'GET', path: '/api/audit/verify', expected: everyoneSignedIn(200) },

  // Send ports
  { method: 'GET', path: '/api/applications/Contoso.Orders/send-ports', expected: everyoneSignedIn(200) },
  ...(['start', 'stop'] as const).map((action): AuthorizationRow => ({
    method: 'POST',
    path: `/api/applications/Contoso.Orders/${action}`,
    expected: administratorsAndOperators(ALLOWED),
  })),
  { method: 'GET', path: '/api/send-ports/SP.Orders.AS2', expected: everyoneSignedIn(200) },
  // No If-Match and no body: authorized callers are refused for that, never for their role.
  { method: 'PUT', path: '/api/send-ports/SP.Orders.AS2/certificate', expected: administratorsOnly(ALLOWED) },
  {
    method: 'DELETE',
    path: '/api/send-ports/SP.Orders.AS2/certificate',
    expected: administratorsOnly(ALLOWED),
  },
  ...(['enlist', 'start', 'stop', 'unenlist'] as const).map((action): AuthorizationRow => ({
    method: 'POST',
    path: `/api/send-ports/SP.Orders.AS2/${action}`,
    expected: administratorsAndOperators(ALLOWED),
  })),
  {
    method: 'POST',
    path: '/api/send-ports/SP.Orders.AS2/test-message',
    expected: administratorsAndOperators(ALLOWED),
  },

  // Stores and certificates
  {
    method: 'GET',
    path: '/api/computers/BTS01/stores/other-people/certificates',
    expected: everyoneSignedIn(200),
  },
  {
    method: 'POST',
    path: '/api/computers/BTS01/stores/other-people/certificates',
    expected: administratorsOnly(ALLOWED),
  },
  {
    method: 'DELETE',
    path: '/api/computers/BTS01/stores/other-people/certificates/0000000000000000000000000000000000000000',
    expected: administratorsOnly(ALLOWED),
  },
  {
    method: 'GET',
    path: '/api/certificates/0000000000000000000000000000000000000000',
    expected: everyoneSignedIn(ALLOWED),
  },
  { method: 'GET', path: '/api/certificates/in-use', expected: everyoneSignedIn(200) },

  // Certificate replacement
  {
    method: 'POST',
    path: '/api/certificate-replacements',
    body: { from: 'A'.repeat(40), to: 'B'.repeat(40), dryRun: true },
    expected: administratorsOnly(ALLOWED),
  },
  { method: 'GET', path: '/api/certificate-replacements', expected: administratorsOnly(200) },
  { method: 'DELETE', path: '/api/certificate-replacements/no-such-id', expected: administratorsOnly(404) },
  {
    method: 'POST',
    path: '/api/certificates/0000000000000000000000000000000000000000/installations',
    body: { computers: ['BTS02'] },
    expected: administratorsOnly(ALLOWED),
  },
  {
    method: 'GET',
    path: '/api/certificates/0000000000000000000000000000000000000000/installation-script.ps1',
    expected: everyoneSignedIn(ALLOWED),
  },
  { method: 'GET', path: '/api/alerts', expected: everyoneSignedIn(200) },
  { method: 'GET', path: '/metrics', expected: everyoneSignedIn(200) },

  // Bindings
  { method: 'GET', path: '/api/applications/Contoso.Orders/bindings', expected: everyoneSignedIn(ALLOWED) },
  {
    method: 'POST',
    path: '/api/applications/Contoso.Orders/bindings',
    expected: administratorsOnly(ALLOWED),
  },

  // Test clock: this app runs without BTS_TEST_CLOCK, so an administrator gets 404
  {
    method: 'POST',
    path: '/api/test-clock',
    body: { at: '2027-01-01T00:00:00Z' },
    expected: administratorsOnly(404),
  },

  // Runtime
  { method: 'GET', path: '/api/group/hub', expected: everyoneSignedIn(200) },
  { method: 'GET', path: '/api/instances', expected: everyoneSignedIn(200) },
  { method: 'GET', path: '/api/instances/no-such-instance', expected: everyoneSignedIn(ALLOWED) },
  { method: 'GET', path: '/api/instances/no-such-instance/output', expected: everyoneSignedIn(ALLOWED) },
  {
    method: 'POST',
    path: '/api/instances/no-such-instance/resume',
    expected: administratorsAndOperators(ALLOWED),
  },
  {
    method: 'POST',
    path: '/api/instances/no-such-instance/terminate',
    expected: administratorsAndOperators(ALLOWED),
  },
  { method: 'GET', path: '/api/event-log', expected: everyoneSignedIn(200) },
];

/** Whether a concrete path of a row is an instance of an OpenAPI path such as /api/instances/{id}. */
function matchesOperationPath(row: AuthorizationRow, operationPath: string): boolean {
  const pattern = operationPath
    .split(/\{[^}]+\}/)
    .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
    .join('[^/]+');
  return new RegExp(`^${pattern}$`).test(row.path.split('?')[0]!);
}

describe('authorization matrix', () => {
  let app: TestApp;
  const credentials = new Map<Caller, Record<string, string>>();

  async function signInAs(caller: Caller): Promise<Record<string, string>> {
    if (caller === 'anonymous') return {};
    if (caller === 'adminToken') return { authorization: `Bearer ${await app.createToken('admin')}` };
    return (await app.signIn(caller)).headers;
  }

  beforeAll(async () => {
    app = await startTestApp();
    for (const caller of CALLERS) credentials.set(caller, await signInAs(caller));
    await call(app.baseUrl, '/api/users', {
      method: 'POST',
      headers: credentials.get('admin')!,
      body: { username: 'matrix.target', role: 'BizTalk Server Read Only Users' },
    });
  });
  afterAll(() => app.close());

  it('has a row for every registered operation', () => {
    const missing = registeredOperations()
      .filter(
        (operation) =>
          !ROWS.some(
            (row) =>
              row.method === operation.method.toUpperCase() && matchesOperationPath(row, operation.path),
          ),
      )
      .map((operation) => `${operation.method.toUpperCase()} ${operation.path}`);
    expect(missing).toEqual([]);
  });

  it.each(ROWS.map((row) => [`${row.method} ${row.path}`, row] as const))('%s', async (_name, row) => {
    const actual: Partial<Record<Caller, number | typeof ALLOWED>> = {};
    for (const caller of CALLERS) {
      const headers = row.freshSession ? await signInAs(caller) : credentials.get(caller)!;
      const extra = row.headers ? await row.headers({ app, caller, headers }) : {};
      const body = row.bodyFor ? row.bodyFor(caller) : row.body;
      const response = await call(app.baseUrl, row.path, {
        method: row.method,
        headers: { ...headers, ...extra },
        ...(body !== undefined ? { body } : {}),
      });
      const allowed = ![401, 403].includes(response.status) && response.status < 500;
      actual[caller] = row.expected[caller] === ALLOWED && allowed ? ALLOWED : response.status;
    }
    expect(actual).toEqual(row.expected);
  });
});
