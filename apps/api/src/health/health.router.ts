import { databaseAnswers } from '@bts-console/db';
import { HealthResponseSchema, type HealthResponse } from '@bts-console/domain';
import { Router } from 'express';
import type { AppDependencies } from '../app-dependencies';
import { defineRoute } from '../http/route';

/** Load balancers and `npm start` poll this; it needs no sign-in and reveals nothing private. */
export function createHealthRouter({ database, clock }: AppDependencies): Router {
  const router = Router();
  defineRoute(
    router,
    {
      method: 'get',
      path: '/api/health',
      summary: 'Whether the API and its database answer',
      tags: ['Health'],
      access: 'anyone',
      responses: {
        200: { description: 'The API and its database answer', schema: HealthResponseSchema },
        503: { description: 'The database does not answer', schema: HealthResponseSchema },
      },
    },
    async ({ req, res }) => {
      const reachable = await databaseAnswers(database.db);
      const body: HealthResponse = {
        status: reachable ? 'ok' : 'degraded',
        // The engine helps whoever runs the service, and an attacker choosing exploits: signed-in only.
        database: { ...(req.auth ? { dialect: database.dialect } : {}), reachable },
        time: clock.now().toISOString(),
      };
      res.status(reachable ? 200 : 503).json(body);
    },
  );
  return router;
}
