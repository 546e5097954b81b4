import {
  SEND_PORT_OPERATIONS,
  availableOperations,
  type SendPortOperation,
  type SendPortStatus,
} from '@bts-console/domain';
import { useNotify } from '../../../components/notify';
import { errorMessage } from '../../../lib/api-client';
import { REQUIRES_OPERATORS, usePermissions } from '../../../lib/auth/permissions';
import { useChangeSendPortStatus } from '../api/change-send-port-status';

export const OPERATION_LABELS: Record<SendPortOperation, string> = {
  enlist: 'Enlist',
  start: 'Start',
  stop: 'Stop',
  unenlist: 'Unenlist',
};

const DONE: Record<SendPortOperation, string> = {
  enlist: 'enlisted',
  start: 'started',
  stop: 'stopped',
  unenlist: 'unenlisted',
};

export type SendPortOperationState = {
  operation: SendPortOperation;
  label: string;
  enabled: boolean;
  /** Why it is disabled: the role it needs, or the port's state. */
  reason: string | null;
};

/** Enlist, Start, Stop and Unenlist for one port, enabled by its status and the user's role. */
export function useSendPortOperations() {
  const permissions = usePermissions();
  const mutation = useChangeSendPortStatus();
  const notify = useNotify();

  const statesFor = (status: SendPortStatus): SendPortOperationState[] => {
    const available = availableOperations(status);
    return SEND_PORT_OPERATIONS.map((operation) => {
      const allowedByState = available.includes(operation);
      const reason = !permissions.canOperate
        ? REQUIRES_OPERATORS
        : allowedByState
          ? null
          : `The send port is ${status}.`;
      return { operation, label: OPERATION_LABELS[operation], enabled: reason === null, reason };
    });
  };

  // mutateAsync: each port's result is reported, even when several operations are in flight.
  const run = (name: string, operation: SendPortOperation) => {
    mutation.mutateAsync({ name, operation }).then(
      () => notify('success', `${name} ${DONE[operation]}`),
      (error: unknown) =>
        notify('error', `${OPERATION_LABELS[operation]} failed for ${name}`, errorMessage(error)),
    );
  };

  return { statesFor, run, isPending: mutation.isPending };
}
