import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../test-support/http';
import { startTestApp, TEST_DIALECTS, type TestApp } from '../test-support/test-app';

type PortRow = { name: string; status: string };
type StatusChange = {
  application: string;
  operation: string;
  changed: { name: string; before: string; after: string }[];
  unchanged: string[];
};
type AuditEntry = { action: string; target: string; batchId: string; user: string; reason: string | null };

const APPLICATION = 'Contoso.Orders';

describe.each(TEST_DIALECTS)('application Start and Stop (%s)', (dialect) => {
  let app: TestApp;
  let operator: Record<string, string>;
  let reader: Record<string, string>;
  beforeAll(async () => {
    app = await startTestApp({ dialect });
    operator = (await app.signIn('operator')).headers;
    reader = (await app.signIn('reader')).headers;
  });
  afterAll(() => app.close());

  const statuses = async (): Promise<Record<string, string>> => {
    const listed = await call<{ items: PortRow[] }>(
      app.baseUrl,
      `/api/applications/${encodeURIComponent(APPLICATION)}/send-ports`,
      { headers: reader },
    );
    expect(listed.status).toBe(200);
    return Object.fromEntries(listed.body.items.map((port) => [port.name, port.status]));
  };

  it('refuses read-only users and changes nothing', async () => {
    const before = await statuses();
    const refused = await call<{ code: string }>(app.baseUrl, `/api/applications/${APPLICATION}/start`, {
      method: 'POST',
      headers: reader,
    });
    expect(refused.status).toBe(403);
    expect(await statuses()).toEqual(before);
  });

  it('starts an application: enlists and starts each of its ports, audited in one batch', async () => {
    const before = await statuses();
    expect(Object.values(before)).toEqual(expect.arrayContaining(['Bound', 'Stopped']));
    const started = await call<StatusChange>(app.baseUrl, `/api/applications/${APPLICATION}/start`, {
      method: 'POST',
      headers: operator,
    });
    expect(started.status).toBe(200);
    const after = await statuses();
    expect(Object.values(after).every((status) => status === 'Started')).toBe(true);
    expect(started.body.changed).toEqual(
      Object.entries(before)
        .filter(([, status]) => status !== 'Started')
        .map(([name, status]) => ({ name, before: status, after: 'Started' })),
    );
    expect(started.body.unchanged).toEqual(
      Object.entries(before)
        .filter(([, status]) => status === 'Started')
        .map(([name]) => name),
    );

    const audit = await call<{ items: AuditEntry[] }>(app.baseUrl, '/api/audit?action=send-port.start', {
      headers: reader,
    });
    const entries = audit.body.items.filter(
      (entry) => entry.reason === `Start of application ${APPLICATION}`,
    );
    expect(entries.map((entry) => entry.target).sort()).toEqual(
      started.body.changed.map((c) => c.name).sort(),
    );
    expect(new Set(entries.map((entry) => entry.batchId)).size).toBe(1);
    expect(entries.every((entry) => entry.user === 'operator')).toBe(true);
  });

  it('stops an application: its Started ports stop and stay enlisted; a second Stop changes nothing', async () => {
    const stopped = await call<StatusChange>(app.baseUrl, `/api/applications/${APPLICATION}/stop`, {
      method: 'POST',
      headers: operator,
    });
    expect(stopped.status).toBe(200);
    expect(Object.values(await statuses()).every((status) => status === 'Stopped')).toBe(true);
    expect(stopped.body.changed.every((change) => change.after === 'Stopped')).toBe(true);

    const again = await call<StatusChange>(app.baseUrl, `/api/applications/${APPLICATION}/stop`, {
      method: 'POST',
      headers: operator,
    });
    expect(again.status).toBe(200);
    expect(again.body.changed).toEqual([]);
    expect(again.body.unchanged.length).toBe(Object.keys(await statuses()).length);
  });

  it('answers 404 with a problem document for an unknown application', async () => {
    const missing = await call<{ code: string; detail: string }>(
      app.baseUrl,
      '/api/applications/No.Such.App/start',
      { method: 'POST', headers: operator },
    );
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('not-found');
    expect(missing.body.detail).toContain('No.Such.App');
  });
});
