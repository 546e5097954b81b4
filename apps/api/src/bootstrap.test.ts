import { getUserByName } from '@bts-console/db';
import { fixedClock } from '@bts-console/domain';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyPassword } from './auth/passwords';
import { bootstrap, startBanner } from './bootstrap';
import { loadConfig } from './config/env';

describe('first and later starts', () => {
  const dataDirs: string[] = [];
  afterAll(() => {
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  });
  const clock = fixedClock('2026-11-25T12:00:00Z');

  function freshDataDir(): string {
    const dir = mkdtempSync(join(tmpdir(), 'bts-bootstrap-'));
    dataDirs.push(dir);
    return dir;
  }

  it('creates admin with a generated password printed once; a second start prints no password', async () => {
    const config = loadConfig({ BTS_DATA_DIR: freshDataDir(), BTS_SEED: 'none' });
    const first = await bootstrap(config, clock);
    try {
      expect(first.firstStart).toBe(true);
      expect(first.storeSearch).toEqual({ indexed: true });
      expect(first.createdUsers).toHaveLength(1);
      const admin = first.createdUsers[0]!;
      expect(admin).toMatchObject({
        username: 'admin',
        role: 'BizTalk Server Administrators',
        generated: true,
      });
      const stored = await getUserByName(first.database.db, 'admin');
      expect(stored?.passwordHash).not.toContain(admin.password);
      expect(await verifyPassword(admin.password, stored!.passwordHash)).toBe(true);
      expect(startBanner('http://localhost:8080', first)).toContain(admin.password);
    } finally {
      await first.database.close();
    }

    const second = await bootstrap(config, clock);
    try {
      expect(second.firstStart).toBe(false);
      expect(second.createdUsers).toEqual([]);
      const banner = startBanner('http://localhost:8080', second);
      expect(banner).toContain('http://localhost:8080');
      expect(banner).not.toContain(first.createdUsers[0]!.password);
    } finally {
      await second.database.close();
    }
  });

  it('with the demo seed, creates operator and reader with the passwords from the environment', async () => {
    const config = loadConfig({
      BTS_DATA_DIR: freshDataDir(),
      BTS_ADMIN_PASSWORD: 'admin-from-env',
      BTS_OPERATOR_PASSWORD: 'operator-from-env',
    });
    const started = await bootstrap(config, clock);
    try {
      expect(started.createdUsers.map((u) => [u.username, u.generated])).toEqual([
        ['admin', false],
        ['operator', false],
        ['reader', true],
      ]);
      const operator = await getUserByName(started.database.db, 'operator');
      expect(await verifyPassword('operator-from-env', operator!.passwordHash)).toBe(true);
      const banner = startBanner('http://localhost:8080', started);
      expect(banner).not.toContain('admin-from-env');
      expect(banner).not.toContain('operator-from-env');
      expect(banner).toContain(started.createdUsers[2]!.password);
      const computers = await started.database.db.selectFrom('computers').select('name').execute();
      expect(computers.map((c) => c.name).sort()).toEqual(['ADMIN01', 'BTS01', 'BTS02']);
    } finally {
      await started.database.close();
    }
  });
});
