import { apiPath, SendPortChangeResponseSchema, type AssignCertificateRequest } from '@bts-console/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import type { SendPortWithEtag } from './get-send-port';
import { sendPortQueryOptions } from './get-send-port';

export type AssignCertificateInput = { name: string; etag: string; request: AssignCertificateRequest };

export async function assignCertificate({ name, etag, request }: AssignCertificateInput) {
  const { body, headers } = await apiRequest(
    apiPath`/api/send-ports/${name}/certificate`,
    SendPortChangeResponseSchema,
    {
      method: 'PUT',
      body: request,
      headers: { 'If-Match': etag },
    },
  );
  return { change: body, etag: headers.get('ETag') ?? `"${body.version}"` };
}

export function useAssignCertificate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: assignCertificate,
    onSuccess: ({ change, etag }, { name }) => {
      const { warnings: _warnings, ...port } = change;
      queryClient.setQueryData<SendPortWithEtag>(sendPortQueryOptions(name).queryKey, { port, etag });
      void queryClient.invalidateQueries({
        queryKey: ['send-ports'],
        refetchType: 'active',
        predicate: (query) => query.queryKey[1] !== name,
      });
      void queryClient.invalidateQueries({ queryKey: ['certificates'] });
    },
  });
}
