import { AlertListSchema, PageQuerySchema } from '@bts-console/domain';
import { Router } from 'express';
import type { AppDependencies } from '../app-dependencies';
import { defineRoute } from '../http/route';
import { getAlerts } from './alerts.service';

/** Certificates → Alerts: what the expiry scheduler raised, and how each webhook attempt went. */
export function createAlertsRouter({ database }: AppDependencies): Router {
  const router = Router();
  defineRoute(
    router,
    {
      method: 'get',
      path: '/api/alerts',
      summary: 'Expiry alerts, newest first, each with its webhook attempts, status and response codes',
      tags: ['Alerts'],
      access: 'signed-in',
      query: PageQuerySchema,
      responses: { 200: { description: 'One page of alerts and their total', schema: AlertListSchema } },
    },
    async ({ query, res }) => {
      res.json(await getAlerts(database.db, query));
    },
  );
  return router;
}
