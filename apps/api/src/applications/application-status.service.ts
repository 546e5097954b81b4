import {
  getApplicationByName,
  listSendPorts,
  setSendPortStatus,
  withTransaction,
  type Executor,
} from '@bts-console/db';
import {
  applicationPortOperation,
  nextSendPortStatus,
  type ApplicationOperation,
  type ApplicationStatusChange,
  type Clock,
} from '@bts-console/domain';
import { randomUUID } from 'node:crypto';
import type { Actor } from '../auth/actor';
import { recordAudit } from '../audit/audit.service';
import { HttpProblem, notFound } from '../http/problem';

/**
 * Start or Stop an application: every one of its send ports, in one transaction, each with its own audit
 * entry under one batch. If another user changes a port meanwhile, nothing is changed and the caller is
 * told to look again.
 */
export async function changeApplicationStatus(
  database: Executor,
  clock: Clock,
  actor: Actor,
  change: { application: string; operation: ApplicationOperation },
): Promise<ApplicationStatusChange> {
  return withTransaction(database, async (trx) => {
    const application = await getApplicationByName(trx, change.application);
    if (!application) throw notFound('Application', change.application);
    const now = clock.now();
    const batchId = randomUUID();
    const result: ApplicationStatusChange = {
      application: application.name,
      operation: change.operation,
      changed: [],
      unchanged: [],
    };
    for (const port of await listSendPorts(trx, { applicationName: application.name })) {
      const operation = applicationPortOperation(change.operation, port.status);
      const transition = operation ? nextSendPortStatus(port.status, operation) : null;
      if (!operation || !transition?.ok) {
        result.unchanged.push(port.name);
        continue;
      }
      const updated = await setSendPortStatus(trx, {
        name: port.name,
        from: port.status,
        status: transition.status,
        expectedVersion: port.version,
        changedBy: actor.username,
        changedAt: now,
      });
      if (!updated) {
        throw new HttpProblem({
          status: 409,
          code: 'conflict',
          detail: `Send port '${port.name}' was changed by another user at the same moment; nothing in application '${application.name}' was changed. Refresh and try again.`,
        });
      }
      await recordAudit(
        trx,
        actor,
        {
          action: `send-port.${operation}`,
          targetType: 'send-port',
          target: port.name,
          before: { status: port.status },
          after: { status: updated.status },
          batchId,
          reason: `${change.operation === 'start' ? 'Start' : 'Stop'} of application ${application.name}`,
        },
        clock,
      );
      result.changed.push({ name: port.name, before: port.status, after: updated.status });
    }
    return result;
  });
}
