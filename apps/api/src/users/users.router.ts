import {
  createUser,
  deleteSessionsOfUser,
  getUserByName,
  listUsers,
  revokeApiTokensOfUser,
  setUserPassword,
  withTransaction,
} from '@bts-console/db';
import {
  CreatedUserSchema,
  CreateUserRequestSchema,
  PasswordResetResponseSchema,
  UserListSchema,
  type CreatedUser,
  type PasswordResetResponse,
  type Role,
  text,
} from '@bts-console/domain';
import { Router } from 'express';
import { z } from 'zod';
import type { AppDependencies } from '../app-dependencies';
import { recordAudit } from '../audit/audit.service';
import { administrators } from '../auth/guards';
import { generatePassword, hashPassword } from '../auth/passwords';
import { HttpProblem, notFound } from '../http/problem';
import { defineRoute, jsonBody } from '../http/route';
import { toUserSummary } from './users.service';

const UserParamsSchema = z.object({ name: text().min(1).max(64) });

export function createUsersRouter({ database, clock, config }: AppDependencies): Router {
  const router = Router();
  const access = administrators('Managing users');

  defineRoute(
    router,
    {
      method: 'get',
      path: '/api/users',
      summary: 'Users and their roles',
      tags: ['Users'],
      access,
      responses: { 200: { description: 'Every user, by name', schema: UserListSchema } },
    },
    async ({ res }) => {
      const users = await listUsers(database.db);
      res.json({ items: users.map(toUserSummary), total: users.length });
    },
  );

  defineRoute(
    router,
    {
      method: 'post',
      path: '/api/users',
      summary: 'Create a user with a generated password',
      description: 'The password is in this response only.',
      tags: ['Users'],
      access,
      body: jsonBody(CreateUserRequestSchema),
      responses: {
        201: { description: 'Created; the password is shown once', schema: CreatedUserSchema },
        409: 'A user with this name exists',
        422: 'Invalid user name or role',
      },
    },
    async ({ body: { username, role }, actor, res }) => {
      const password = generatePassword();
      const passwordHash = await hashPassword(password, config.passwordHashCost);
      const user = await withTransaction(database.db, async (trx) => {
        if (await getUserByName(trx, username)) {
          throw new HttpProblem({
            status: 409,
            code: 'conflict',
            detail: `A user named '${username}' exists (user names ignore case). Choose another name, or reset that user's password.`,
          });
        }
        const created = await createUser(trx, {
          username,
          passwordHash,
          roles: [role as Role],
          createdAt: clock.now(),
        });
        await recordAudit(
          trx,
          actor,
          { action: 'user.create', targetType: 'user', target: username, after: { roles: created.roles } },
          clock,
        );
        return created;
      });
      const body: CreatedUser = { username: user.username, roles: user.roles, password };
      res.status(201).json(body);
    },
  );

  defineRoute(
    router,
    {
      method: 'post',
      path: '/api/users/{name}/reset-password',
      summary: 'Give a user a new generated password',
      description: 'The password is in this response only; the user’s sessions end.',
      tags: ['Users'],
      access,
      params: UserParamsSchema,
      responses: {
        200: { description: 'The new password, shown once', schema: PasswordResetResponseSchema },
        404: 'No such user',
      },
    },
    async ({ params: { name }, actor, res }) => {
      const password = generatePassword();
      const passwordHash = await hashPassword(password, config.passwordHashCost);
      await withTransaction(database.db, async (trx) => {
        const user = await getUserByName(trx, name);
        if (!user) throw notFound('User', name);
        await setUserPassword(trx, { userId: user.id, passwordHash, changedAt: clock.now() });
        // Whoever knew the old password may be signed in with it, or may have made tokens with it.
        const sessionsEnded = await deleteSessionsOfUser(trx, user.id);
        const tokensRevoked = await revokeApiTokensOfUser(trx, user.id, clock.now());
        await recordAudit(
          trx,
          actor,
          {
            action: 'user.reset-password',
            targetType: 'user',
            target: user.username,
            after: { sessionsEnded, tokensRevoked },
          },
          clock,
        );
      });
      const body: PasswordResetResponse = { password };
      res.json(body);
    },
  );

  return router;
}
