import { createApiToken, listApiTokens, revokeApiToken, withTransaction } from '@bts-console/db';
import {
  canChangeConfiguration,
  CreatedTokenSchema,
  CreateTokenRequestSchema,
  TokenListSchema,
  type CreatedToken,
  text,
} from '@bts-console/domain';
import { Router } from 'express';
import { z } from 'zod';
import type { AppDependencies } from '../app-dependencies';
import { recordAudit } from '../audit/audit.service';
import { getAuth } from '../auth/guards';
import { newApiToken, sha256Hex } from '../auth/secrets';
import { HttpProblem } from '../http/problem';
import { defineRoute, jsonBody } from '../http/route';
import { toTokenSummary } from './tokens.service';

const TokenParamsSchema = z.object({
  id: text().regex(
    /^[1-9][0-9]{0,15}$/,
    'A token id is a positive whole number, as GET /api/tokens lists it',
  ),
});

export function createTokensRouter({ database, clock }: AppDependencies): Router {
  const router = Router();

  defineRoute(
    router,
    {
      method: 'post',
      path: '/api/tokens',
      summary: 'Create an API token for scripts and the CLI',
      description: 'The token is in this response only; it is stored as a hash. It acts with your roles.',
      tags: ['Tokens'],
      access: 'signed-in',
      body: jsonBody(CreateTokenRequestSchema),
      responses: {
        201: { description: 'The token, shown once', schema: CreatedTokenSchema },
        422: 'No name given',
      },
    },
    async ({ body: { name }, actor, req, res }) => {
      const auth = getAuth(req);
      const secret = newApiToken();
      const token = await withTransaction(database.db, async (trx) => {
        const created = await createApiToken(trx, {
          userId: auth.userId,
          name,
          tokenHash: sha256Hex(secret),
          createdAt: clock.now(),
        });
        await recordAudit(
          trx,
          actor,
          {
            action: 'token.create',
            targetType: 'token',
            target: String(created.id),
            after: { name, owner: auth.username },
          },
          clock,
        );
        return created;
      });
      const body: CreatedToken = { ...toTokenSummary(token), token: secret };
      res.status(201).json(body);
    },
  );

  defineRoute(
    router,
    {
      method: 'get',
      path: '/api/tokens',
      summary: 'Your API tokens (never the tokens themselves)',
      tags: ['Tokens'],
      access: 'signed-in',
      responses: { 200: { description: 'Your live tokens, newest first', schema: TokenListSchema } },
    },
    async ({ req, res }) => {
      const auth = getAuth(req);
      const live = (await listApiTokens(database.db, auth.userId)).filter(
        (token) => token.revokedAt === null,
      );
      res.json({ items: live.map(toTokenSummary), total: live.length });
    },
  );

  defineRoute(
    router,
    {
      method: 'delete',
      path: '/api/tokens/{id}',
      summary: 'Revoke an API token',
      description: 'Your own tokens; administrators may revoke anyone’s.',
      tags: ['Tokens'],
      access: 'signed-in',
      params: TokenParamsSchema,
      responses: {
        204: 'Revoked',
        404: 'No live token with this id is yours',
      },
    },
    async ({ params, actor, req, res }) => {
      const auth = getAuth(req);
      const id = Number(params.id);
      const revoked = await withTransaction(database.db, async (trx) => {
        const done = await revokeApiToken(trx, {
          id,
          ...(canChangeConfiguration(auth.roles) ? {} : { userId: auth.userId }),
          revokedAt: clock.now(),
        });
        if (done) {
          await recordAudit(
            trx,
            actor,
            { action: 'token.revoke', targetType: 'token', target: String(id) },
            clock,
          );
        }
        return done;
      });
      if (!revoked) {
        throw new HttpProblem({
          status: 404,
          code: 'not-found',
          detail: `You have no live API token with id ${id}; GET /api/tokens lists yours.`,
        });
      }
      res.status(204).end();
    },
  );

  return router;
}
