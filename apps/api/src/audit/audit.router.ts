import { listAuditEntries, verifyAuditChain, type AuditEntry as AuditRow } from '@bts-console/db';
import {
  AuditListSchema,
  AuditQuerySchema,
  AuditVerifyResponseSchema,
  type AuditEntry,
  type AuditVerifyResponse,
} from '@bts-console/domain';
import { Router } from 'express';
import type { AppDependencies } from '../app-dependencies';
import { defineRoute } from '../http/route';

function toAuditEntry(row: AuditRow): AuditEntry {
  return {
    seq: row.seq,
    at: row.at,
    user: row.username,
    clientAddress: row.clientAddress,
    action: row.action,
    targetType: row.targetType,
    target: row.target,
    before: row.before ?? null,
    after: row.after ?? null,
    batchId: row.batchId,
    reason: row.reason,
    prevHash: row.prevHash,
    hash: row.hash,
  };
}

export function createAuditRouter({ database }: AppDependencies): Router {
  const router = Router();

  defineRoute(
    router,
    {
      method: 'get',
      path: '/api/audit',
      summary: 'Audit entries, newest first',
      description:
        'Filter by target (any case), user, action and time (since inclusive, until exclusive); page with limit and offset.',
      tags: ['Audit'],
      access: 'signed-in',
      query: AuditQuerySchema,
      responses: {
        200: { description: 'Matching entries and their total', schema: AuditListSchema },
        422: 'Invalid filter',
      },
    },
    async ({ query, res }) => {
      const { items, total } = await listAuditEntries(database.db, {
        ...(query.target !== undefined ? { target: query.target } : {}),
        ...(query.user !== undefined ? { user: query.user } : {}),
        ...(query.action !== undefined ? { action: query.action } : {}),
        ...(query.since !== undefined ? { since: new Date(query.since) } : {}),
        ...(query.until !== undefined ? { until: new Date(query.until) } : {}),
        limit: query.limit,
        offset: query.offset,
      });
      res.json({ items: items.map(toAuditEntry), total });
    },
  );

  defineRoute(
    router,
    {
      method: 'get',
      path: '/api/audit/verify',
      summary: 'Recompute the audit hash chain',
      description:
        'Names every entry (seq) whose content, link or sequence is wrong: brokenCount counts them, broken lists the first 100, brokenAt is the first.',
      tags: ['Audit'],
      access: 'signed-in',
      responses: {
        200: {
          description: 'Whether the chain is intact, and where it breaks',
          schema: AuditVerifyResponseSchema,
        },
      },
    },
    async ({ res }) => {
      const verdict = await verifyAuditChain(database.db);
      const body: AuditVerifyResponse = verdict.ok
        ? { ok: true, entries: verdict.entries }
        : {
            ok: false,
            entries: verdict.entries,
            brokenAt: verdict.brokenAt,
            reason: verdict.reason,
            brokenCount: verdict.brokenCount,
            broken: verdict.broken,
          };
      res.json(body);
    },
  );

  return router;
}
