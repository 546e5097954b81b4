import { apiPath, type SendPortOperation } from '@bts-console/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';

export type ChangeSendPortStatusInput = { name: string; operation: SendPortOperation };

/** Enlist, Start, Stop or Unenlist: operators may do these too. */
export async function changeSendPortStatus({ name, operation }: ChangeSendPortStatusInput): Promise<void> {
  await apiRequest(`${apiPath`/api/send-ports/${name}`}/${operation}`, null, { method: 'POST' });
}

export function useChangeSendPortStatus() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: changeSendPortStatus,
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['send-ports'] }),
  });
}
