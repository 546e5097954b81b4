import {
  ApplicationStatusChangeSchema,
  apiPath,
  type ApplicationOperation,
  type ApplicationStatusChange,
} from '@bts-console/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';

export type ChangeApplicationStatusInput = { application: string; operation: ApplicationOperation };

/** Start or Stop an application: each of its send ports. Operators may do this too. */
export async function changeApplicationStatus({
  application,
  operation,
}: ChangeApplicationStatusInput): Promise<ApplicationStatusChange> {
  const response = await apiRequest(
    `${apiPath`/api/applications/${application}`}/${operation}`,
    ApplicationStatusChangeSchema,
    { method: 'POST' },
  );
  return response.body;
}

export function useChangeApplicationStatus() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: changeApplicationStatus,
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['send-ports'] }),
  });
}
