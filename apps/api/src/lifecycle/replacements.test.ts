import { listAuditEntries } from '@bts-console/db';
import {
  fixedClock,
  ReplacementResultSchema,
  ScheduledReplacementListSchema,
  ScheduledReplacementSchema,
  type PreviewedPort,
  type ReplacementResult,
} from '@bts-console/domain';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiClient,
  issueTestCertificate,
  portPath,
  storePath,
  type ApiClient,
  type ApiResponse,
  type Caller,
} from '../test-support/port-test-client';
import { startTestApp, TEST_DIALECTS, TEST_START_TIME, type TestApp } from '../test-support/test-app';
import { createReplacementScheduler, type ReplacementScheduler } from './replacement-scheduler';

const REPLACEMENTS = '/api/certificate-replacements';
/** A token, not a session: the clock moves days ahead, past any session's lifetime. */
const ADMIN: Caller = 'admin-token';
const DAY_MS = 86_400_000;
const EVERYWHERE = ['ADMIN01', 'BTS01', 'BTS02'];
/** Processed by BTS01 and BTS02 (BizTalkServerApplication), without a certificate in the demo group. */
const BOTH_SERVER_PORTS = [
  'SP.Orders.Confirmation.FILE',
  'SP.Orders.Notify.SMTP',
  'SP.Invoicing.Archive.FILE',
];
/** Processed by BTS02 only (SecureSendHost). */
const BTS02_PORT = 'SP.Orders.Secure.HTTP';

describe.each(TEST_DIALECTS)('certificate replacements (%s)', (dialect) => {
  const clock = fixedClock(TEST_START_TIME);
  let app: TestApp;
  let api: ApiClient;
  let scheduler: ReplacementScheduler;
  let issued = 0;

  beforeAll(async () => {
    app = await startTestApp({ dialect, clock });
    api = apiClient(app);
    scheduler = createReplacementScheduler({
      database: app.deps.database,
      clock,
      logger: pino({ level: 'silent' }),
      expiringWithinDays: 30,
    });
  });
  afterAll(async () => {
    await app?.close();
  });

  /** Imports a new certificate into the Other People store of these computers; its thumbprint. */
  async function importCertificate(
    computers: readonly string[],
    validity: { validFromDays?: number; validToDays?: number } = {},
  ): Promise<string> {
    issued += 1;
    const file = issueTestCertificate({
      commonName: `Replacement Partner ${issued}`,
      now: clock.now(),
      ...validity,
    });
    let thumbprint = '';
    for (const computer of computers) {
      const response = await api.call(ADMIN, 'POST', storePath(computer), { bytes: file.pem });
      expect(response.status).toBe(201);
      thumbprint = response.body.thumbprint;
    }
    return thumbprint;
  }

  async function etagOf(port: string): Promise<string> {
    const response = await api.call(ADMIN, 'GET', portPath(port));
    expect(response.status).toBe(200);
    return response.headers.get('etag') ?? '';
  }

  async function assign(port: string, thumbprint: string, extra: Record<string, unknown> = {}) {
    const response = await api.call(ADMIN, 'PUT', portPath(port, '/certificate'), {
      json: { thumbprint, ...extra },
      headers: { 'if-match': await etagOf(port) },
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
  }

  /** A certificate on every server, in use by the given ports: the one a partner is about to renew. */
  async function oldCertificateOn(ports: readonly string[]): Promise<string> {
    const thumbprint = await importCertificate(EVERYWHERE);
    for (const port of ports) await assign(port, thumbprint);
    return thumbprint;
  }

  function post(body: unknown, caller: Caller = ADMIN): Promise<ApiResponse> {
    return api.call(caller, 'POST', REPLACEMENTS, { json: body });
  }

  async function preview(body: Record<string, unknown>): Promise<ReplacementResult> {
    const response = await post({ ...body, dryRun: true });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return ReplacementResultSchema.parse(response.body);
  }

  const previewed = (result: ReplacementResult): PreviewedPort[] =>
    result.ports.map((port) => ({ name: port.name, etag: port.etag }));

  async function certificateOf(port: string): Promise<string | undefined> {
    return (await api.call(ADMIN, 'GET', portPath(port))).body.certificate?.thumbprint;
  }

  async function auditTotal(): Promise<number> {
    return (await listAuditEntries(app.deps.database.db, { limit: 1 })).total;
  }

  /** A refused request changes no port and writes no audit entry. */
  async function expectNothingChanged(ports: readonly string[], run: () => Promise<ApiResponse>) {
    const before = await Promise.all(ports.map(etagOf));
    const audited = await auditTotal();
    const response = await run();
    expect(await Promise.all(ports.map(etagOf))).toEqual(before);
    expect(await auditTotal()).toBe(audited);
    return response;
  }

  it('previews every port with its servers, presence and ETag, changing nothing', async () => {
    const ports = [...BOTH_SERVER_PORTS, BTS02_PORT];
    const from = await oldCertificateOn(ports);
    const to = await importCertificate(['ADMIN01', 'BTS01']);
    const audited = await auditTotal();
    const result = await preview({ from, to });
    expect(await auditTotal()).toBe(audited);
    expect(result).toMatchObject({ dryRun: true, applied: false, batchId: null });
    expect(result.from.thumbprint).toBe(from);
    expect(result.to.commonName).toMatch(/^Replacement Partner/);
    expect(result.ports.map((port) => port.name)).toEqual([...ports].sort());
    const secure = result.ports.find((port) => port.name === BTS02_PORT)!;
    expect(secure).toMatchObject({
      outcome: 'acknowledgement-needed',
      processingServers: [{ name: 'BTS02', successorPresent: false }],
      reason: { code: 'certificate-missing-on-servers', servers: ['BTS02'] },
      etag: await etagOf(BTS02_PORT),
    });
    const file = result.ports.find((port) => port.name === BOTH_SERVER_PORTS[0])!;
    expect(file.processingServers).toEqual([
      { name: 'BTS01', successorPresent: true },
      { name: 'BTS02', successorPresent: false },
    ]);
    // The same preview, read again, has the same ETag of its ports.
    expect((await preview({ from, to })).portsEtag).toBe(result.portsEtag);
  });

  it('refuses with 422 and each port’s reason while the successor lacks on servers, then applies with the acknowledgement, in one batch', async () => {
    const ports = BOTH_SERVER_PORTS.slice(0, 2);
    const from = await oldCertificateOn(ports);
    const to = await importCertificate(['ADMIN01', 'BTS01']);
    const result = await preview({ from, to });

    const refused = await expectNothingChanged(ports, () => post({ from, to, ports: previewed(result) }));
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('replacement-refused');
    expect(refused.body.refusedPorts).toEqual(
      ports.map((name) =>
        expect.objectContaining({ name, code: 'certificate-missing-on-servers', servers: ['BTS02'] }),
      ),
    );

    // Acknowledging one port only is still refused, for the other.
    const half = await expectNothingChanged(ports, () =>
      post({ from, to, ports: previewed(result), acknowledgeMissingOn: { [ports[0]!]: ['BTS02'] } }),
    );
    expect(half.status).toBe(422);
    expect(half.body.refusedPorts.map((port: { name: string }) => port.name)).toEqual([ports[1]]);

    const applied = await post({
      from,
      to,
      ports: previewed(result),
      acknowledgeMissingOn: Object.fromEntries(ports.map((name) => [name.toLowerCase(), ['bts02']])),
      reason: 'Partner renewal',
    });
    expect(applied.status, JSON.stringify(applied.body)).toBe(200);
    const body = ReplacementResultSchema.parse(applied.body);
    expect(body).toMatchObject({ applied: true, dryRun: false });
    for (const port of body.ports) {
      expect(port.newEtag).toBe(await etagOf(port.name));
      expect(port.acknowledgedMissingOn).toEqual(['BTS02']);
      expect(await certificateOf(port.name)).toBe(to);
    }
    const entries = (await listAuditEntries(app.deps.database.db, { batchId: body.batchId!, limit: 10 }))
      .items;
    expect(entries.map((entry) => entry.target).sort()).toEqual([...ports].sort());
    for (const entry of entries) {
      expect(entry).toMatchObject({
        action: 'certificate.assign',
        reason: 'Partner renewal',
        before: { thumbprint: from },
        after: { thumbprint: to, acknowledgedMissingOn: ['BTS02'] },
      });
    }
    // The old certificate stays in the stores.
    const stores = await api.call(ADMIN, 'GET', `/api/certificates/${from}`);
    expect(stores.body.presence.every((entry: { present: boolean }) => entry.present)).toBe(true);
  });

  it('answers 412 naming the ports changed, started or stopped using the certificate since the preview', async () => {
    const [changedPort, samePort, newPort] = BOTH_SERVER_PORTS as [string, string, string];
    const from = await oldCertificateOn([changedPort, samePort]);
    const to = await importCertificate(EVERYWHERE);
    const result = await preview({ from, to });
    // Another administrator changes the port and back, and assigns the old certificate to a third one.
    await assign(changedPort, to);
    await assign(changedPort, from);
    await assign(newPort, from);

    const stale = await expectNothingChanged([changedPort, samePort, newPort], () =>
      post({ from, to, ports: previewed(result) }),
    );
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({
      code: 'replacement-ports-changed',
      changedPorts: [
        { name: changedPort, change: 'changed', etag: await etagOf(changedPort) },
        { name: newPort, change: 'not-previewed', etag: await etagOf(newPort) },
      ],
    });
    expect(stale.body.detail).toContain(changedPort);

    // A port that moved to another certificate since the preview is named too.
    const again = await preview({ from, to });
    await assign(newPort, to);
    const moved = await post({ from, to, ports: previewed(again) });
    expect(moved.status).toBe(412);
    expect(moved.body.changedPorts).toEqual([
      { name: newPort, change: 'no-longer-uses', etag: await etagOf(newPort) },
    ]);

    const fresh = await preview({ from, to });
    expect(fresh.portsEtag).not.toBe(again.portsEtag);
    expect((await post({ from, to, ports: previewed(fresh) })).status).toBe(200);
  });

  it('refuses what no acknowledgement helps, and names what is wrong with the request', async () => {
    const from = await oldCertificateOn([BOTH_SERVER_PORTS[0]!]);
    const expired = await importCertificate(EVERYWHERE, { validFromDays: -30, validToDays: -1 });
    const result = await preview({ from, to: expired });
    expect(result.ports[0]).toMatchObject({ outcome: 'refused', reason: { code: 'certificate-expired' } });
    const refused = await post({ from, to: expired, ports: previewed(result) });
    expect(refused.status).toBe(422);
    expect(refused.body.refusedPorts[0]).toMatchObject({ code: 'certificate-expired' });

    const same = await post({ from, to: from, dryRun: true });
    expect(same.status).toBe(422);
    expect(same.body.errors[0]).toMatchObject({ path: 'to' });
    const unused = await importCertificate(['ADMIN01']);
    const notInUse = await post({ from: unused, to: from, dryRun: true });
    expect(notInUse.status).toBe(422);
    expect(notInUse.body.code).toBe('certificate-not-in-use');
    const badThumbprint = await post({ from: 'xyz', to: from, dryRun: true });
    expect(badThumbprint.status).toBe(422);
    expect(badThumbprint.body).toMatchObject({ code: 'invalid-thumbprint', errors: [{ path: 'from' }] });
    const withoutPorts = await post({ from, to: expired });
    expect(withoutPorts.status).toBe(422);
    expect(withoutPorts.body.errors[0]).toMatchObject({ path: 'ports' });
  });

  it('schedules a successor valid from next week, runs it once when the clock passes that time, in one batch', async () => {
    const ports = BOTH_SERVER_PORTS.slice(0, 2);
    const from = await oldCertificateOn(ports);
    const to = await importCertificate(EVERYWHERE, { validFromDays: 7 });
    const now = await preview({ from, to });
    expect(now.ports[0]).toMatchObject({
      outcome: 'acknowledgement-needed',
      reason: { code: 'certificate-not-yet-valid' },
    });
    const notBefore = now.to.notBefore!;
    expect(now.ports[0]!.reason!.notBefore).toBe(notBefore);
    const applyNow = await expectNothingChanged(ports, () => post({ from, to, ports: previewed(now) }));
    expect(applyNow.status).toBe(422);
    expect(applyNow.body.refusedPorts[0]).toMatchObject({ code: 'certificate-not-yet-valid', notBefore });

    // Previewed as of its Not Before, it is ready.
    const then = await preview({ from, to, at: notBefore });
    expect(then.ports.every((port) => port.outcome === 'ready')).toBe(true);
    const scheduled = await post({ from, to, ports: previewed(then), at: notBefore });
    expect(scheduled.status, JSON.stringify(scheduled.body)).toBe(201);
    const replacement = ScheduledReplacementSchema.parse(scheduled.body);
    expect(replacement).toMatchObject({ status: 'pending', at: notBefore, createdBy: 'admin' });
    expect(scheduled.headers.get('location')).toBe(`${REPLACEMENTS}/${replacement.id}`);

    const pending = ScheduledReplacementListSchema.parse(
      (await api.call(ADMIN, 'GET', `${REPLACEMENTS}?status=pending`)).body,
    );
    expect(pending.items.map((item) => item.id)).toContain(replacement.id);

    expect(await scheduler.runDue()).toEqual([]);
    expect(await certificateOf(ports[0]!)).toBe(from);
    clock.set(new Date(Date.parse(notBefore) + 60_000));
    try {
      expect(await scheduler.runDue()).toEqual([{ id: replacement.id, outcome: 'done' }]);
      expect(await scheduler.runDue()).toEqual([]);
      for (const port of ports) expect(await certificateOf(port)).toBe(to);
      const [done] = (await api.call(ADMIN, 'GET', `${REPLACEMENTS}?status=done`)).body.items;
      expect(done).toMatchObject({ id: replacement.id, status: 'done', failure: null });
      const entries = (await listAuditEntries(app.deps.database.db, { batchId: done.batchId, limit: 20 }))
        .items;
      expect(entries.map((entry) => entry.target).sort()).toEqual([...ports].sort());
      expect(
        entries.every((entry) => entry.username === 'admin' && entry.clientAddress === 'scheduler'),
      ).toBe(true);
    } finally {
      clock.set(TEST_START_TIME);
    }
  });

  it('schedules one port of a shared certificate with onlyListedPorts: only that port switches when the time comes', async () => {
    const [scheduledPort, otherPort] = BOTH_SERVER_PORTS.slice(0, 2) as [string, string];
    const from = await oldCertificateOn([scheduledPort, otherPort]);
    const to = await importCertificate(EVERYWHERE, { validFromDays: 7 });
    const notBefore = (
      await preview({ from, to, at: new Date(clock.now().getTime() + 8 * DAY_MS).toISOString() })
    ).to.notBefore!;
    const one = [{ name: scheduledPort, etag: await etagOf(scheduledPort) }];

    // Without the restriction, the other port on the certificate makes the one-port request stale.
    const whole = await expectNothingChanged([scheduledPort, otherPort], () =>
      post({ from, to, ports: one, at: notBefore }),
    );
    expect(whole.status).toBe(412);
    expect(whole.body.changedPorts).toEqual([
      { name: otherPort, change: 'not-previewed', etag: await etagOf(otherPort) },
    ]);

    const restricted = await preview({ from, to, at: notBefore, ports: one, onlyListedPorts: true });
    expect(restricted.ports.map((port) => [port.name, port.outcome])).toEqual([[scheduledPort, 'ready']]);
    const response = await post({ from, to, ports: one, at: notBefore, onlyListedPorts: true });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    const replacement = ScheduledReplacementSchema.parse(response.body);
    expect(replacement).toMatchObject({ status: 'pending', onlyListedPorts: true, ports: one });

    clock.set(new Date(Date.parse(notBefore) + 60_000));
    try {
      expect(await scheduler.runDue()).toEqual([{ id: replacement.id, outcome: 'done' }]);
      expect(await certificateOf(scheduledPort)).toBe(to);
      expect(await certificateOf(otherPort)).toBe(from);
      const done = ScheduledReplacementListSchema.parse(
        (await api.call(ADMIN, 'GET', `${REPLACEMENTS}?status=done`)).body,
      ).items.find((item) => item.id === replacement.id)!;
      expect(done).toMatchObject({ status: 'done', onlyListedPorts: true });
      const entries = (await listAuditEntries(app.deps.database.db, { batchId: done.batchId!, limit: 20 }))
        .items;
      expect(entries.map((entry) => entry.target)).toEqual([scheduledPort]);
    } finally {
      clock.set(TEST_START_TIME);
    }
  });

  it('onlyListedPorts applies now to the listed ports only, and refuses a listed port that no longer uses the certificate', async () => {
    const [listedPort, otherPort] = BOTH_SERVER_PORTS.slice(0, 2) as [string, string];
    const from = await oldCertificateOn([listedPort, otherPort]);
    const to = await importCertificate(EVERYWHERE);
    const none = await post({ from, to, dryRun: true, onlyListedPorts: true });
    expect(none.status).toBe(422);
    expect(none.body.errors[0]).toMatchObject({ path: 'ports', code: 'required' });

    const stale = [{ name: BTS02_PORT, etag: await etagOf(BTS02_PORT) }];
    const listed = [{ name: listedPort, etag: await etagOf(listedPort) }, ...stale];
    const notUsing = await expectNothingChanged([listedPort, otherPort, BTS02_PORT], () =>
      post({ from, to, ports: listed, onlyListedPorts: true }),
    );
    expect(notUsing.status).toBe(412);
    expect(notUsing.body.changedPorts).toEqual([
      { name: BTS02_PORT, change: 'no-longer-uses', etag: stale[0]!.etag },
    ]);

    const applied = await post({
      from,
      to,
      ports: [{ name: listedPort, etag: await etagOf(listedPort) }],
      onlyListedPorts: true,
    });
    expect(applied.status, JSON.stringify(applied.body)).toBe(200);
    expect(ReplacementResultSchema.parse(applied.body).ports.map((port) => port.name)).toEqual([listedPort]);
    expect(await certificateOf(listedPort)).toBe(to);
    expect(await certificateOf(otherPort)).toBe(from);
  });

  it('a scheduled replacement checks everything again when it runs: if a port changed, it changes nothing and says why', async () => {
    const ports = BOTH_SERVER_PORTS.slice(0, 2);
    const from = await oldCertificateOn(ports);
    const to = await importCertificate(EVERYWHERE);
    const at = new Date(clock.now().getTime() + DAY_MS).toISOString();
    const result = await preview({ from, to, at });
    const scheduled = (await post({ from, to, ports: previewed(result), at })).body;
    await assign(ports[1]!, await importCertificate(EVERYWHERE));
    clock.set(new Date(Date.parse(at) + 1));
    try {
      const before = await Promise.all(ports.map(etagOf));
      expect(await scheduler.runDue()).toEqual([{ id: scheduled.id, outcome: 'failed' }]);
      expect(await Promise.all(ports.map(etagOf))).toEqual(before);
      expect(await certificateOf(ports[0]!)).toBe(from);
      const failed = (await api.call(ADMIN, 'GET', `${REPLACEMENTS}?status=failed`)).body.items[0];
      expect(failed).toMatchObject({
        id: scheduled.id,
        status: 'failed',
        failure: { code: 'replacement-ports-changed', ports: [{ name: ports[1], code: 'no-longer-uses' }] },
      });
      const [entry] = (await listAuditEntries(app.deps.database.db, { target: scheduled.id, limit: 5 }))
        .items;
      expect(entry).toMatchObject({ action: 'certificate.replacement.fail', clientAddress: 'scheduler' });
      expect(await scheduler.runDue()).toEqual([]);
    } finally {
      clock.set(TEST_START_TIME);
    }
  });

  it('cancels a pending replacement, which then never runs; 409 once it is not pending, 404 for none', async () => {
    const from = await oldCertificateOn([BTS02_PORT]);
    const to = await importCertificate(EVERYWHERE);
    const at = new Date(clock.now().getTime() + DAY_MS).toISOString();
    const scheduled = (await post({ from, to, ports: previewed(await preview({ from, to, at })), at })).body;
    expect((await api.call('operator', 'DELETE', `${REPLACEMENTS}/${scheduled.id}`)).status).toBe(403);
    const cancelled = await api.call(ADMIN, 'DELETE', `${REPLACEMENTS}/${scheduled.id}`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelledBy: 'admin' });
    const again = await api.call(ADMIN, 'DELETE', `${REPLACEMENTS}/${scheduled.id}`);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'replacement-not-pending', replacementStatus: 'cancelled' });
    expect((await api.call(ADMIN, 'DELETE', `${REPLACEMENTS}/no-such-id`)).status).toBe(404);
    clock.set(new Date(Date.parse(at) + 1));
    try {
      expect(await scheduler.runDue()).toEqual([]);
      expect(await certificateOf(BTS02_PORT)).toBe(from);
    } finally {
      clock.set(TEST_START_TIME);
    }
    const past = await post({
      from,
      to,
      ports: [{ name: BTS02_PORT, etag: await etagOf(BTS02_PORT) }],
      at: TEST_START_TIME,
    });
    expect(past.status).toBe(422);
    expect(past.body.errors[0]).toMatchObject({ path: 'at' });
  });

  it('reads the previewed ports of thousands of send ports, beyond the shared JSON limit, up to 2 MB', async () => {
    const from = await oldCertificateOn([BOTH_SERVER_PORTS[0]!]);
    const to = await importCertificate(EVERYWHERE);
    const many = Array.from({ length: 4000 }, (_, index) => ({
      name: `SP.Generated.Partner.Port.${String(index).padStart(5, '0')}`,
      etag: '"1"',
    }));
    const stale = await post({ from, to, ports: many });
    expect(stale.status).toBe(412);
    expect(stale.body.changedPorts).toHaveLength(4001);
    const tooLarge = await post({ from, to, ports: many, reason: 'x'.repeat(2 * 1024 * 1024) });
    expect(tooLarge.status).toBe(413);
  });

  it('on start, carries out at once what fell due while no process ran', async () => {
    const from = await oldCertificateOn([BTS02_PORT]);
    const to = await importCertificate(EVERYWHERE);
    const at = new Date(clock.now().getTime() + DAY_MS).toISOString();
    const scheduled = (await post({ from, to, ports: previewed(await preview({ from, to, at })), at })).body;
    clock.set(new Date(Date.parse(at) + DAY_MS));
    const starting = createReplacementScheduler({
      database: app.deps.database,
      clock,
      logger: pino({ level: 'silent' }),
      expiringWithinDays: 30,
    });
    try {
      starting.start(3_600_000);
      // Runs wait for the one in progress: this one finds that the start already did the work.
      expect(await starting.runDue()).toEqual([]);
      expect(await certificateOf(BTS02_PORT)).toBe(to);
      const done = (await api.call(ADMIN, 'GET', `${REPLACEMENTS}?status=done&limit=1000`)).body.items;
      expect(done.map((item: { id: string }) => item.id)).toContain(scheduled.id);
    } finally {
      starting.stop();
      clock.set(TEST_START_TIME);
    }
  });

  it('lets only administrators preview, apply, schedule and list', async () => {
    const body = { from: 'A'.repeat(40), to: 'B'.repeat(40), dryRun: true };
    for (const caller of ['operator', 'reader'] as const) {
      expect((await post(body, caller)).status).toBe(403);
      expect((await api.call(caller, 'GET', REPLACEMENTS)).status).toBe(403);
    }
    expect((await post(body, 'anonymous')).status).toBe(401);
    expect((await api.call('anonymous', 'GET', REPLACEMENTS)).status).toBe(401);
    expect((await api.call(ADMIN, 'GET', REPLACEMENTS)).body.total).toBeGreaterThan(0);
  });

  it('runs a scheduled replacement exactly once with two API processes on one database', async () => {
    const second = await startTestApp({ dialect, clock, shareDatabaseOf: app });
    try {
      const ports = BOTH_SERVER_PORTS;
      const from = await oldCertificateOn(ports);
      const to = await importCertificate(EVERYWHERE);
      const at = new Date(clock.now().getTime() + DAY_MS).toISOString();
      const scheduled = (await post({ from, to, ports: previewed(await preview({ from, to, at })), at }))
        .body;
      const otherScheduler = createReplacementScheduler({
        database: second.deps.database,
        clock,
        logger: pino({ level: 'silent' }),
        expiringWithinDays: 30,
      });
      clock.set(new Date(Date.parse(at) + 1));
      const runs = (await Promise.all([scheduler.runDue(), otherScheduler.runDue()])).flat();
      expect(runs).toEqual([{ id: scheduled.id, outcome: 'done' }]);
      const [done] = (
        await api.call(ADMIN, 'GET', `${REPLACEMENTS}?status=done&limit=1000`)
      ).body.items.filter((item: { id: string }) => item.id === scheduled.id);
      const entries = (await listAuditEntries(app.deps.database.db, { batchId: done.batchId, limit: 50 }))
        .items;
      expect(entries).toHaveLength(ports.length);
      for (const port of ports) expect(await certificateOf(port)).toBe(to);
    } finally {
      clock.set(TEST_START_TIME);
      await second.close();
    }
  });
});
