import { disableAuditAppendOnly } from '@bts-console/db/testing';
import { fixedClock } from '@bts-console/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../test-support/http';
import { startTestApp, TEST_DIALECTS, TEST_START_TIME, type TestApp } from '../test-support/test-app';

interface AuditEntry {
  seq: number;
  at: string;
  user: string;
  action: string;
  target: string;
  after: unknown;
  prevHash: string;
  hash: string;
}

describe.each(TEST_DIALECTS)('audit log (%s)', (dialect) => {
  const clock = fixedClock(TEST_START_TIME);
  let app: TestApp;
  let admin: Record<string, string>;
  beforeAll(async () => {
    app = await startTestApp({ dialect, clock, seed: 'none' });
    // A token, not a session: the clock moves hours, past the session's idle timeout.
    admin = { authorization: `Bearer ${await app.createToken('admin')}` };
    for (const name of ['Audit.One', 'Audit.Two', 'Audit.Three']) {
      clock.advance(60 * 60_000);
      await call(app.baseUrl, '/api/applications', { method: 'POST', headers: admin, body: { name } });
    }
  });
  afterAll(() => app.close());

  const list = (query: string) =>
    call<{ items: AuditEntry[]; total: number }>(app.baseUrl, `/api/audit${query}`, { headers: admin });

  it('lists entries newest first, chained by hash', async () => {
    const all = await list('');
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(all.body.items.length);
    const seqs = all.body.items.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    for (let i = 0; i + 1 < all.body.items.length; i += 1) {
      expect(all.body.items[i]!.prevHash).toBe(all.body.items[i + 1]!.hash);
    }
  });

  it('filters by target (any case), user, action and time, and pages', async () => {
    const byTarget = await list('?target=audit.two');
    expect(byTarget.body.items.map((e) => [e.action, e.target, e.user])).toEqual([
      ['application.create', 'Audit.Two', 'admin'],
    ]);
    const byAction = await list('?action=application.create');
    expect(byAction.body.total).toBe(3);
    const byUser = await list('?user=reader');
    expect(byUser.body.total).toBe(0);

    const since = new Date(Date.parse(TEST_START_TIME) + 90 * 60_000).toISOString();
    const until = new Date(Date.parse(TEST_START_TIME) + 150 * 60_000).toISOString();
    const window = await list(`?since=${since}&until=${until}`);
    expect(window.body.items.map((e) => e.target)).toEqual(['Audit.Two']);

    const page = await list('?action=application.create&limit=2&offset=1');
    expect(page.body.total).toBe(3);
    expect(page.body.items.map((e) => e.target)).toEqual(['Audit.Two', 'Audit.One']);
  });

  it('refuses a malformed filter with 422', async () => {
    expect((await list('?since=yesterday')).status).toBe(422);
    expect((await list('?limit=0')).status).toBe(422);
  });

  it('verifies an intact chain, then names the first entry altered directly in the database', async () => {
    const intact = await call<{ ok: boolean; entries: number }>(app.baseUrl, '/api/audit/verify', {
      headers: admin,
    });
    expect(intact.status).toBe(200);
    expect(intact.body.ok).toBe(true);
    expect(intact.body.entries).toBeGreaterThanOrEqual(4);

    const target = (await list('?target=Audit.One')).body.items[0]!;
    // The log refuses updates; an attacker with DDL rights would remove that guard first.
    await disableAuditAppendOnly(app.deps.database);
    await app.deps.database.db
      .updateTable('auditEntries')
      .set({ username: 'someone-else' })
      .where('seq', '=', target.seq)
      .execute();

    const broken = await call<{
      ok: boolean;
      brokenAt: number;
      reason: string;
      brokenCount: number;
      broken: { seq: number; reason: string }[];
    }>(app.baseUrl, '/api/audit/verify', {
      headers: admin,
    });
    expect(broken.body.ok).toBe(false);
    expect(broken.body.brokenAt).toBe(target.seq);
    expect(broken.body.reason).toContain(String(target.seq));
    // Only that entry: the ones after it still link to it as stored.
    expect(broken.body.brokenCount).toBe(1);
    expect(broken.body.broken).toEqual([{ seq: target.seq, reason: broken.body.reason }]);
  });
});
