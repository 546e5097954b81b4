import { createApiToken, listApiTokens, revokeApiToken, withTransaction } from '@bts-console/db';
import {
  canChangeConfiguration,
  CreatedTokenSchema,
  CreateTokenRequestSchema,
  ProblemDetailsSchema,
  TokenListSchema,
  type CreatedToken,
} from '@bts-console/domain';
import { Router } from 'express';
import { z } from 'zod';
import type { AppDependencies } from '../app-dependencies';
import { recordAudit } from '../audit/audit.service';
import { actorOf } from '../auth/actor';
import { getAuth, requireSignedIn } from '../auth/guards';
import { newApiToken, sha256Hex } from '../auth/secrets';
import { HttpProblem } from '../http/problem';
import { parseBody, parseParams } from '../http/validate';
import { registerOperation } from '../openapi/registry';
import { toTokenSummary } from './tokens.service';

const TokenParamsSchema = z.object({
  id: z
    .string()
    .regex(/^[1-9][0-9]{0,15}$/, 'A token id is a positive whole number, as GET /api/tokens lists it'),
});

registerOperation({
  method: 'post',
  path: '/api/tokens',
  summary: 'Create an API token for scripts and the CLI',
  description: 'The token is in this response only; it is stored as a hash. It acts with your roles.',
  tags: ['Tokens'],
  body: CreateTokenRequestSchema,
  responses: {
    201: { description: 'The token, shown once', schema: CreatedTokenSchema },
    401: { description: 'Not signed in', schema: ProblemDetailsSchema },
    422: { description: 'No name given', schema: ProblemDetailsSchema },
  },
});
registerOperation({
  method: 'get',
  path: '/api/tokens',
  summary: 'Your API tokens (never the tokens themselves)',
  tags: ['Tokens'],
  responses: {
    200: { description: 'Your live tokens, newest first', schema: TokenListSchema },
    401: { description: 'Not signed in', schema: ProblemDetailsSchema },
  },
});
registerOperation({
  method: 'delete',
  path: '/api/tokens/{id}',
  summary: 'Revoke an API token',
  description: 'Your own tokens; administrators may revoke anyone’s.',
  tags: ['Tokens'],
  params: TokenParamsSchema,
  responses: {
    204: { description: 'Revoked' },
    401: { description: 'Not signed in', schema: ProblemDetailsSchema },
    404: { description: 'No live token with this id is yours', schema: ProblemDetailsSchema },
  },
});

export function createTokensRouter({ database, clock }: AppDependencies): Router {
  const router = Router();

  router.post('/tokens', requireSignedIn, async (req, res) => {
    const auth = getAuth(req);
    const { name } = parseBody(CreateTokenRequestSchema, req.body);
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
        actorOf(req),
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
  });

  router.get('/tokens', requireSignedIn, async (req, res) => {
    const auth = getAuth(req);
    const live = (await listApiTokens(database.db, auth.userId)).filter((token) => token.revokedAt === null);
    res.json({ items: live.map(toTokenSummary), total: live.length });
  });

  router.delete('/tokens/:id', requireSignedIn, async (req, res) => {
    const auth = getAuth(req);
    const id = Number(parseParams(TokenParamsSchema, req.params).id);
    const revoked = await withTransaction(database.db, async (trx) => {
      const done = await revokeApiToken(trx, {
        id,
        ...(canChangeConfiguration(auth.roles) ? {} : { userId: auth.userId }),
        revokedAt: clock.now(),
      });
      if (done) {
        await recordAudit(
          trx,
          actorOf(req),
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
  });

  return router;
}
