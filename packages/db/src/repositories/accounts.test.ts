import { ROLES } from '@bts-console/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, testDialects, type TestDatabase } from '../testing/test-database';
import {
  createApiToken,
  getApiTokenByHash,
  listApiTokens,
  revokeApiToken,
  touchApiToken,
} from './api-tokens';
import {
  createSession,
  deleteExpiredSessions,
  deleteSession,
  deleteSessionsOfUser,
  getSession,
  touchSession,
} from './sessions';
import {
  deleteSignInAttemptsBefore,
  recentSignInFailuresFromAddress,
  recentSignInFailuresOfUser,
  recordSignInAttempt,
} from './sign-in-attempts';
import {
  countUsers,
  createUser,
  getUserById,
  getUserByName,
  listUsers,
  setUserPassword,
  setUserRoles,
} from './users';

const testDatabaseUrl = process.env.TEST_DATABASE_URL;
const T0 = new Date('2026-11-25T10:00:00.000Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

describe.each(testDialects(testDatabaseUrl))(
  'users, sessions, tokens and sign-in attempts on %s',
  (dialect) => {
    let database: TestDatabase;
    beforeEach(async () => {
      database = await createTestDatabase(dialect, { testDatabaseUrl });
    });
    afterEach(() => database.cleanup());

    async function admin() {
      return createUser(database.db, {
        username: 'Admin',
        passwordHash: 'scrypt$1',
        roles: [ROLES.administrators],
        createdAt: T0,
      });
    }

    describe('users', () => {
      it('creates a user, finds it by name in any case, and hides the hash outside sign-in', async () => {
        const created = await admin();
        expect(created).toEqual({
          id: created.id,
          username: 'Admin',
          roles: ['BizTalk Server Administrators'],
          createdAt: T0.toISOString(),
          passwordChangedAt: T0.toISOString(),
        });
        expect(await getUserByName(database.db, 'ADMIN')).toEqual({ ...created, passwordHash: 'scrypt$1' });
        expect(await getUserById(database.db, created.id)).toEqual(created);
        expect(await getUserByName(database.db, 'nobody')).toBeNull();
        expect(await countUsers(database.db)).toBe(1);
      });

      it('refuses a second user whose name differs only in case', async () => {
        await admin();
        await expect(
          createUser(database.db, { username: 'admin', passwordHash: 'x', roles: [], createdAt: T0 }),
        ).rejects.toThrow();
      });

      it('changes password and roles, and lists users by name', async () => {
        const created = await admin();
        await createUser(database.db, {
          username: 'reader',
          passwordHash: 'h',
          roles: [ROLES.readOnlyUsers],
          createdAt: T0,
        });
        expect(
          await setUserPassword(database.db, {
            userId: created.id,
            passwordHash: 'scrypt$2',
            changedAt: minutes(5),
          }),
        ).toBe(true);
        expect(await setUserRoles(database.db, { userId: created.id, roles: [ROLES.operators] })).toBe(true);
        expect(await getUserByName(database.db, 'admin')).toMatchObject({
          passwordHash: 'scrypt$2',
          passwordChangedAt: minutes(5).toISOString(),
          roles: [ROLES.operators],
        });
        expect((await listUsers(database.db)).map((u) => u.username)).toEqual(['Admin', 'reader']);
        expect(await setUserPassword(database.db, { userId: 999, passwordHash: 'x', changedAt: T0 })).toBe(
          false,
        );
      });
    });

    describe('sessions', () => {
      it('creates, reads with the user, touches and deletes a session', async () => {
        const user = await admin();
        await createSession(database.db, {
          idHash: 'h1',
          userId: user.id,
          createdAt: T0,
          clientAddress: '10.0.0.1',
        });
        expect(await getSession(database.db, 'h1')).toEqual({
          idHash: 'h1',
          userId: user.id,
          username: 'Admin',
          roles: [ROLES.administrators],
          createdAt: T0.toISOString(),
          lastSeenAt: T0.toISOString(),
          clientAddress: '10.0.0.1',
        });
        await touchSession(database.db, 'h1', minutes(3));
        expect((await getSession(database.db, 'h1'))?.lastSeenAt).toBe(minutes(3).toISOString());
        expect(await deleteSession(database.db, 'h1')).toBe(true);
        expect(await getSession(database.db, 'h1')).toBeNull();
        expect(await deleteSession(database.db, 'h1')).toBe(false);
      });

      it("ends all of a user's sessions, and expired ones", async () => {
        const user = await admin();
        for (const idHash of ['a', 'b']) {
          await createSession(database.db, { idHash, userId: user.id, createdAt: T0, clientAddress: 'x' });
        }
        expect(await deleteSessionsOfUser(database.db, user.id)).toBe(2);

        await createSession(database.db, {
          idHash: 'old',
          userId: user.id,
          createdAt: T0,
          clientAddress: 'x',
        });
        await createSession(database.db, {
          idHash: 'idle',
          userId: user.id,
          createdAt: minutes(50),
          clientAddress: 'x',
        });
        await createSession(database.db, {
          idHash: 'live',
          userId: user.id,
          createdAt: minutes(50),
          clientAddress: 'x',
        });
        await touchSession(database.db, 'live', minutes(80));
        const removed = await deleteExpiredSessions(database.db, {
          idleSince: minutes(60),
          createdSince: minutes(30),
        });
        expect(removed).toBe(2);
        expect(await getSession(database.db, 'live')).not.toBeNull();
      });
    });

    describe('API tokens', () => {
      it('creates, finds by hash with the user, touches, lists and revokes a token', async () => {
        const user = await admin();
        const token = await createApiToken(database.db, {
          userId: user.id,
          name: 'CLI',
          tokenHash: 't1',
          createdAt: T0,
        });
        expect(token).toEqual({
          id: token.id,
          userId: user.id,
          name: 'CLI',
          createdAt: T0.toISOString(),
          lastUsedAt: null,
          revokedAt: null,
        });
        await touchApiToken(database.db, token.id, minutes(1));
        expect(await getApiTokenByHash(database.db, 't1')).toMatchObject({
          username: 'Admin',
          roles: [ROLES.administrators],
          lastUsedAt: minutes(1).toISOString(),
        });
        expect(await getApiTokenByHash(database.db, 'unknown')).toBeNull();

        await createApiToken(database.db, {
          userId: user.id,
          name: 'build',
          tokenHash: 't2',
          createdAt: minutes(2),
        });
        expect((await listApiTokens(database.db, user.id)).map((t) => t.name)).toEqual(['build', 'CLI']);

        expect(
          await revokeApiToken(database.db, { id: token.id, userId: user.id + 1, revokedAt: minutes(3) }),
        ).toBe(false);
        expect(
          await revokeApiToken(database.db, { id: token.id, userId: user.id, revokedAt: minutes(3) }),
        ).toBe(true);
        expect(await revokeApiToken(database.db, { id: token.id, revokedAt: minutes(4) })).toBe(false);
        expect((await getApiTokenByHash(database.db, 't1'))?.revokedAt).toBe(minutes(3).toISOString());
      });

      it('refuses two tokens with the same hash', async () => {
        const user = await admin();
        await createApiToken(database.db, { userId: user.id, name: 'a', tokenHash: 'same', createdAt: T0 });
        await expect(
          createApiToken(database.db, { userId: user.id, name: 'b', tokenHash: 'same', createdAt: T0 }),
        ).rejects.toThrow();
      });
    });

    describe('sign-in attempts', () => {
      it('lists failures per user name (any case) since its last success, and per address, within the window', async () => {
        const attempt = (username: string, clientAddress: string, at: Date, succeeded = false) =>
          recordSignInAttempt(database.db, { username, clientAddress, at, succeeded });
        const first = await attempt('Admin', '10.0.0.1', minutes(0));
        const second = await attempt('admin', '10.0.0.2', minutes(5));
        const third = await attempt('ADMIN', '10.0.0.1', minutes(10));
        const reader = await attempt('reader', '10.0.0.1', minutes(12));
        const ids = (failures: { id: number }[]) => failures.map((failure) => failure.id);
        const ofUser = (name: string, since: Date, limit = 10) =>
          recentSignInFailuresOfUser(database.db, name, since, limit);

        // Newest first; the window excludes a failure at exactly its start.
        expect(ids(await ofUser('aDmIn', minutes(-1)))).toEqual([third, second, first]);
        expect(ids(await ofUser('admin', minutes(0)))).toEqual([third, second]);
        expect(await ofUser('admin', minutes(0), 1)).toEqual([{ id: third, at: minutes(10).toISOString() }]);
        const fromAddress = (address: string, since: Date) =>
          recentSignInFailuresFromAddress(database.db, address, since, 10);
        expect(ids(await fromAddress('10.0.0.1', minutes(-1)))).toEqual([reader, third, first]);
        expect(ids(await fromAddress('10.0.0.9', minutes(-1)))).toEqual([]);

        // A success restarts the user's count, not the address's.
        await attempt('admin', '10.0.0.1', minutes(11), true);
        const later = await attempt('admin', '10.0.0.1', minutes(13));
        expect(ids(await ofUser('admin', minutes(-1)))).toEqual([later]);
        expect(ids(await fromAddress('10.0.0.1', minutes(-1)))).toEqual([later, reader, third, first]);
        // A success that left the window restarts nothing.
        expect(ids(await ofUser('admin', minutes(11)))).toEqual([later]);
        expect(ids(await ofUser('admin', minutes(12)))).toEqual([later]);

        expect(await deleteSignInAttemptsBefore(database.db, minutes(10))).toBe(2);
        expect(ids(await ofUser('admin', minutes(-1)))).toEqual([later]);
        expect(ids(await fromAddress('10.0.0.1', minutes(-1)))).toEqual([later, reader, third]);
      });
    });
  },
);
