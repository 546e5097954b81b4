import { getGroup } from '@bts-console/db';
import { GroupResponseSchema, type GroupResponse } from '@bts-console/domain';
import { Router } from 'express';
import type { AppDependencies } from '../app-dependencies';
import { defineRoute } from '../http/route';

export function createGroupRouter({ database }: AppDependencies): Router {
  const router = Router();
  defineRoute(
    router,
    {
      method: 'get',
      path: '/api/group',
      summary: 'The BizTalk group: computers, hosts and host instances',
      tags: ['Group'],
      access: 'signed-in',
      responses: { 200: { description: 'The group', schema: GroupResponseSchema } },
    },
    async ({ res }) => {
      const group = await getGroup(database.db);
      // Before the first seed (BTS_SEED=none) the group is empty but still has a name to show.
      const body: GroupResponse = group
        ? {
            name: group.displayName,
            computers: group.computers.map(({ name, role }) => ({ name, role })),
            hosts: group.hosts.map(({ name, type }) => ({ name, type })),
            hostInstances: group.hostInstances.map(({ host, server, state }) => ({ host, server, state })),
          }
        : { name: 'BizTalk Group', computers: [], hosts: [], hostInstances: [] };
      res.json(body);
    },
  );
  return router;
}
