import { sql } from 'kysely';
import type { Role } from '@bts-console/domain';
import { parseJsonText, toIsoTime, toJsonText } from '../columns';
import type { Executor } from '../schema';

export interface User {
  id: number;
  username: string;
  roles: Role[];
  createdAt: string;
  passwordChangedAt: string;
}

/** A user with the password hash: only for checking a password, never for a response. */
export interface UserWithPasswordHash extends User {
  passwordHash: string;
}

function toUser(row: {
  id: number;
  username: string;
  passwordHash: string;
  roles: string;
  createdAt: string;
  passwordChangedAt: string;
}): UserWithPasswordHash {
  return { ...row, roles: parseJsonText<Role[]>(row.roles) };
}

function withoutHash(user: UserWithPasswordHash): User {
  const { passwordHash: _passwordHash, ...rest } = user;
  return rest;
}

/** Creates a user; user names are unique regardless of case. */
export async function createUser(
  db: Executor,
  user: { username: string; passwordHash: string; roles: readonly Role[]; createdAt: Date },
): Promise<User> {
  const at = toIsoTime(user.createdAt);
  const row = await db
    .insertInto('users')
    .values({
      username: user.username,
      passwordHash: user.passwordHash,
      roles: toJsonText(user.roles),
      createdAt: at,
      passwordChangedAt: at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return withoutHash(toUser(row));
}

/** A user by name, case-insensitively, with the password hash (for sign-in); null when unknown. */
export async function getUserByName(db: Executor, username: string): Promise<UserWithPasswordHash | null> {
  const row = await db
    .selectFrom('users')
    .selectAll()
    .where(sql`lower(username)`, '=', sql`lower(${username})`)
    .executeTakeFirst();
  return row ? toUser(row) : null;
}

export async function getUserById(db: Executor, id: number): Promise<User | null> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? withoutHash(toUser(row)) : null;
}

/** Users ordered by name. */
export async function listUsers(db: Executor): Promise<User[]> {
  const rows = await db
    .selectFrom('users')
    .selectAll()
    .orderBy(sql`lower(username)`)
    .execute();
  return rows.map((row) => withoutHash(toUser(row)));
}

/** Replaces a password hash; false when the user does not exist. */
export async function setUserPassword(
  db: Executor,
  change: { userId: number; passwordHash: string; changedAt: Date },
): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ passwordHash: change.passwordHash, passwordChangedAt: toIsoTime(change.changedAt) })
    .where('id', '=', change.userId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Replaces a user's roles; false when the user does not exist. */
export async function setUserRoles(
  db: Executor,
  change: { userId: number; roles: readonly Role[] },
): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ roles: toJsonText(change.roles) })
    .where('id', '=', change.userId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function countUsers(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select(sql<number>`cast(count(*) as integer)`.as('total'))
    .executeTakeFirst();
  return Number(row?.total ?? 0);
}
