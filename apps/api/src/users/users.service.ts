import { createUser, getUserByName, type Executor, type User } from '@bts-console/db';
import type { Clock, Role, UserSummary } from '@bts-console/domain';
import { DEFAULT_SCRYPT_COST, generatePassword, hashPassword, type ScryptCost } from '../auth/passwords';

export function toUserSummary(user: User): UserSummary {
  return {
    username: user.username,
    roles: user.roles,
    createdAt: user.createdAt,
    passwordChangedAt: user.passwordChangedAt,
  };
}

export interface WantedUser {
  username: string;
  role: Role;
  /** From the environment; generated when absent. */
  password?: string;
}

export interface EnsuredUser {
  username: string;
  role: Role;
  password: string;
  generated: boolean;
}

/**
 * Creates the users that do not exist yet and returns them with their passwords, so the caller
 * prints a generated one once; users that exist are left alone (a second start prints nothing).
 */
export async function ensureUsers(
  db: Executor,
  clock: Clock,
  wanted: WantedUser[],
  cost: ScryptCost = DEFAULT_SCRYPT_COST,
): Promise<EnsuredUser[]> {
  const created: EnsuredUser[] = [];
  for (const user of wanted) {
    if (await getUserByName(db, user.username)) continue;
    const password = user.password ?? generatePassword();
    const passwordHash = await hashPassword(password, cost);
    try {
      await createUser(db, {
        username: user.username,
        passwordHash,
        roles: [user.role],
        createdAt: clock.now(),
      });
    } catch (error) {
      // Another API process starting on the same database created it first.
      if (await getUserByName(db, user.username)) continue;
      throw error;
    }
    created.push({
      username: user.username,
      role: user.role,
      password,
      generated: user.password === undefined,
    });
  }
  return created;
}
