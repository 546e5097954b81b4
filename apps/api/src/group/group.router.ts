import { getGroup } from '@bts-console/db';
import { GroupResponseSchema, ProblemDetailsSchema, type GroupResponse } from '@bts-console/domain';
import { Router } from 'express';
import type { AppDependencies } from '../app-dependencies';
import { requireSignedIn } from '../auth/guards';
import { registerOperation } from '../openapi/registry';

registerOperation({
  method: 'get',
  path: '/api/group',
  summary: 'The BizTalk group: computers, hosts and host instances',
  tags: ['Group'],
  responses: {
    200: { description: 'The group', schema: GroupResponseSchema },
    401: { description: 'Not signed in', schema: ProblemDetailsSchema },
  },
});

export function createGroupRouter({ database }: AppDependencies): Router {
  const router = Router();
  router.get('/group', requireSignedIn, async (_req, res) => {
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
  });
  return router;
}
