import {
  countUsers,
  ensureStoreSearchIndex,
  openDatabase,
  seedDemoGroup,
  type BtsDatabase,
  type StoreSearchIndexStatus,
} from '@bts-console/db';
import { ROLES, type Clock } from '@bts-console/domain';
import type { AppConfig } from './config/env';
import { ensureUsers, type EnsuredUser, type WantedUser } from './users/users.service';

export interface BootstrapResult {
  database: BtsDatabase;
  /** True when this start found an empty database and set it up. */
  firstStart: boolean;
  /** Users created by this start, with their passwords (generated ones are printed once). */
  createdUsers: EnsuredUser[];
  /** Whether searching a store reads an index; when not, the reason is for the operator's log. */
  storeSearch: StoreSearchIndexStatus;
}

/**
 * Opens and migrates the database; on the first start only, creates the administrator and,
 * with BTS_SEED=demo, the demo group with its operator and reader.
 */
export async function bootstrap(config: AppConfig, clock: Clock): Promise<BootstrapResult> {
  const database = await openDatabase({
    dataDir: config.dataDir,
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
  });
  try {
    const storeSearch = await ensureStoreSearchIndex(database.db);
    const firstStart = (await countUsers(database.db)) === 0;
    if (!firstStart) return { database, firstStart, createdUsers: [], storeSearch };

    const wanted: WantedUser[] = [
      {
        username: 'admin',
        role: ROLES.administrators,
        ...(config.adminPassword ? { password: config.adminPassword } : {}),
      },
    ];
    if (config.seed === 'demo') {
      await seedDemoGroup(database.db, { clock, dataDir: config.dataDir });
      wanted.push(
        {
          username: 'operator',
          role: ROLES.operators,
          ...(config.operatorPassword ? { password: config.operatorPassword } : {}),
        },
        {
          username: 'reader',
          role: ROLES.readOnlyUsers,
          ...(config.readerPassword ? { password: config.readerPassword } : {}),
        },
      );
    }
    const createdUsers = await ensureUsers(database.db, clock, wanted);
    return { database, firstStart, createdUsers, storeSearch };
  } catch (error) {
    await database.close();
    throw error;
  }
}

/** What `npm start` prints: where the console is and how to sign in; generated passwords only once. */
export function startBanner(url: string, result: BootstrapResult): string {
  const lines = [`bts-console is listening on ${url}`, `  API docs: ${url}/api/docs`];
  if (result.createdUsers.length > 0) {
    lines.push('', 'First start: these users were created.');
    for (const user of result.createdUsers) {
      lines.push(
        user.generated
          ? `  ${user.username} (${user.role}) password: ${user.password}`
          : `  ${user.username} (${user.role}) password: from the environment`,
      );
    }
    if (result.createdUsers.some((user) => user.generated)) {
      lines.push(
        '  Generated passwords are shown only now. Keep them; an administrator can reset them later.',
      );
    }
  } else {
    lines.push('', 'Sign in with your user name and password (the first start printed the generated ones).');
  }
  return lines.join('\n');
}
