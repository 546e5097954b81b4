import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../test-support/http';
import { startTestApp, TEST_DIALECTS, type TestApp } from '../test-support/test-app';

interface Application {
  name: string;
  description: string | null;
  isSystem: boolean;
  counts: Record<string, number>;
}

interface Artifact {
  kind: string;
  name: string;
  application: string | null;
}

describe.each(TEST_DIALECTS)('group and applications (%s)', (dialect) => {
  let app: TestApp;
  let admin: Record<string, string>;
  let reader: Record<string, string>;
  beforeAll(async () => {
    app = await startTestApp({ dialect });
    admin = (await app.signIn('admin')).headers;
    reader = (await app.signIn('reader')).headers;
  });
  afterAll(() => app.close());

  it('describes the group: computers with roles, hosts, host instances', async () => {
    const group = await call<{
      name: string;
      computers: { name: string; role: string }[];
      hosts: { name: string; type: string }[];
      hostInstances: { host: string; server: string; state: string }[];
    }>(app.baseUrl, '/api/group', { headers: reader });
    expect(group.status).toBe(200);
    expect(group.body.name).toBe('BizTalk Group [SQL01:BizTalkMgmtDb]');
    expect(group.body.computers).toEqual([
      { name: 'ADMIN01', role: 'Console' },
      { name: 'BTS01', role: 'BizTalk Server' },
      { name: 'BTS02', role: 'BizTalk Server' },
    ]);
    expect(group.body.hosts).toContainEqual({ name: 'SecureSendHost', type: 'In-Process' });
    expect(group.body.hosts).toContainEqual({ name: 'BizTalkServerIsolatedHost', type: 'Isolated' });
    expect(group.body.hostInstances.filter((i) => i.host === 'SecureSendHost')).toEqual([
      { host: 'SecureSendHost', server: 'BTS02', state: 'Running' },
    ]);
  });

  it('lists applications with artifact counts', async () => {
    const listed = await call<{ items: Application[]; total: number }>(app.baseUrl, '/api/applications', {
      headers: reader,
    });
    expect(listed.status).toBe(200);
    const names = listed.body.items.map((a) => a.name);
    expect(names).toEqual(
      expect.arrayContaining(['BizTalk.System', 'BizTalk Application 1', 'Contoso.Orders']),
    );
    expect(listed.body.total).toBe(listed.body.items.length);
    const orders = listed.body.items.find((a) => a.name === 'Contoso.Orders')!;
    expect(orders.isSystem).toBe(false);
    expect(orders.counts['Send Ports']).toBeGreaterThan(0);
    expect(orders.counts.Orchestrations).toBeGreaterThan(0);
    expect(listed.body.items.find((a) => a.name === 'BizTalk.System')!.isSystem).toBe(true);
  });

  it('creates an application for administrators, 201 then 409 on a second try in any case', async () => {
    const created = await call<Application>(app.baseUrl, '/api/applications', {
      method: 'POST',
      headers: admin,
      body: { name: 'Litware.Payroll', description: 'Payroll files for Litware' },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe('/api/applications/Litware.Payroll');
    expect(created.body).toMatchObject({
      name: 'Litware.Payroll',
      description: 'Payroll files for Litware',
      isSystem: false,
    });
    expect(created.body.counts['Send Ports']).toBe(0);

    const again = await call<{ code: string; detail: string }>(app.baseUrl, '/api/applications', {
      method: 'POST',
      headers: admin,
      body: { name: 'litware.payroll' },
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('conflict');

    const audit = await call<{ items: { action: string; user: string }[] }>(
      app.baseUrl,
      `/api/audit?target=${encodeURIComponent('Litware.Payroll')}`,
      { headers: reader },
    );
    expect(audit.body.items).toEqual([
      expect.objectContaining({ action: 'application.create', user: 'admin' }),
    ]);
  });

  it('refuses operators and readers with 403, creating nothing', async () => {
    for (const role of ['operator', 'reader'] as const) {
      const { headers } = await app.signIn(role);
      const refused = await call<{ code: string; detail: string }>(app.baseUrl, '/api/applications', {
        method: 'POST',
        headers,
        body: { name: `Not.By.${role}` },
      });
      expect(refused.status).toBe(403);
      expect(refused.body.detail).toContain(
        'Creating applications requires the BizTalk Server Administrators role',
      );
    }
    const listed = await call<{ items: Application[] }>(app.baseUrl, '/api/applications', {
      headers: reader,
    });
    expect(listed.body.items.map((a) => a.name).filter((n) => n.startsWith('Not.By'))).toEqual([]);
  });

  it('refuses names BizTalk would refuse, with a field error', async () => {
    const refused = await call<{ errors: { path: string; message: string }[] }>(
      app.baseUrl,
      '/api/applications',
      {
        method: 'POST',
        headers: admin,
        body: { name: 'Bad:Name' },
      },
    );
    expect(refused.status).toBe(422);
    expect(refused.body.errors[0]).toMatchObject({ path: 'name' });
  });

  it("lists an application's artifacts by kind or tree node name, and 404 for an unknown application", async () => {
    const byKind = await call<{ items: Artifact[]; total: number }>(
      app.baseUrl,
      `/api/applications/${encodeURIComponent('Contoso.Orders')}/artifacts?kind=Orchestration`,
      { headers: reader },
    );
    expect(byKind.status).toBe(200);
    expect(byKind.body.total).toBeGreaterThan(0);
    expect(
      byKind.body.items.every((a) => a.kind === 'Orchestration' && a.application === 'Contoso.Orders'),
    ).toBe(true);

    const byNode = await call<{ items: Artifact[] }>(
      app.baseUrl,
      `/api/applications/${encodeURIComponent('Contoso.Orders')}/artifacts?kind=Orchestrations`,
      { headers: reader },
    );
    expect(byNode.body.items).toEqual(byKind.body.items);

    const all = await call<{ items: Artifact[] }>(app.baseUrl, `/api/applications/Contoso.Orders/artifacts`, {
      headers: reader,
    });
    expect(new Set(all.body.items.map((a) => a.kind)).size).toBeGreaterThan(3);

    expect(
      (await call(app.baseUrl, '/api/applications/No.Such.App/artifacts?kind=Map', { headers: reader }))
        .status,
    ).toBe(404);
    expect(
      (await call(app.baseUrl, '/api/applications/Contoso.Orders/artifacts?kind=Widget', { headers: reader }))
        .status,
    ).toBe(422);
  });

  it('lists group-level artifacts: parties, message boxes, adapters', async () => {
    const all = await call<{ items: Artifact[] }>(app.baseUrl, '/api/artifacts', { headers: reader });
    expect(all.status).toBe(200);
    const kinds = new Set(all.body.items.map((a) => a.kind));
    for (const kind of kinds) expect(['Party', 'Message Box', 'Adapter']).toContain(kind);
    const boxes = await call<{ items: Artifact[] }>(app.baseUrl, '/api/artifacts?kind=Message%20Boxes', {
      headers: reader,
    });
    expect(boxes.body.items.length).toBeGreaterThan(0);
    expect(boxes.body.items.every((a) => a.kind === 'Message Box')).toBe(true);
  });
});
