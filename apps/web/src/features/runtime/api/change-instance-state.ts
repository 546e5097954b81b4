import { apiPath, MessageInstanceSchema, type MessageInstance } from '@bts-console/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest, errorMessage } from '../../../lib/api-client';

export type InstanceOperation = 'resume' | 'terminate';

/** Resume runs the send pipeline again on the same server; terminate gives the message up for good. */
export async function changeInstanceState(
  instanceId: string,
  operation: InstanceOperation,
): Promise<MessageInstance> {
  const path = `${apiPath`/api/instances/${instanceId}`}/${operation}`;
  return (await apiRequest(path, MessageInstanceSchema, { method: 'POST' })).body;
}

/** What became of one instance: the API's answer, or its refusal in its own words. */
export type InstanceOutcome =
  | { instanceId: string; sendPort: string; ok: true; instance: MessageInstance }
  | { instanceId: string; sendPort: string; ok: false; error: string };

export type ChangeInstanceStatesInput = {
  operation: InstanceOperation;
  instances: readonly Pick<MessageInstance, 'id' | 'sendPort'>[];
};

/**
 * One request per instance, as BizTalk resumes each service instance on its own: one that fails
 * (already terminated by a colleague, say) does not hold back the others, and each outcome is reported.
 */
export async function changeInstanceStates({
  operation,
  instances,
}: ChangeInstanceStatesInput): Promise<InstanceOutcome[]> {
  const settled = await Promise.allSettled(
    instances.map((instance) => changeInstanceState(instance.id, operation)),
  );
  return settled.map((result, index): InstanceOutcome => {
    const { id: instanceId, sendPort } = instances[index] ?? { id: '', sendPort: '' };
    return result.status === 'fulfilled'
      ? { instanceId, sendPort, ok: true, instance: result.value }
      : { instanceId, sendPort, ok: false, error: errorMessage(result.reason) };
  });
}

export function useChangeInstanceStates() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: changeInstanceStates,
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: ['instances'] });
      void queryClient.invalidateQueries({ queryKey: ['event-log'] });
      void queryClient.invalidateQueries({ queryKey: ['group', 'hub'] });
    },
  });
}
