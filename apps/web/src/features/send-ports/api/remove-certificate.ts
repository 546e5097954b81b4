import { apiPath, SendPortChangeResponseSchema } from '@bts-console/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { sendPortQueryOptions, type SendPortWithEtag } from './get-send-port';

export type RemoveCertificateInput = { name: string; etag: string };

/** Messages then go out in clear text; the certificate stays in the stores. */
export async function removeCertificate({ name, etag }: RemoveCertificateInput) {
  const { body, headers } = await apiRequest(
    apiPath`/api/send-ports/${name}/certificate`,
    SendPortChangeResponseSchema,
    {
      method: 'DELETE',
      headers: { 'If-Match': etag },
    },
  );
  return { change: body, etag: headers.get('ETag') ?? `"${body.version}"` };
}

export function useRemoveCertificate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: removeCertificate,
    onSuccess: ({ change, etag }, { name }) => {
      const { warnings: _warnings, ...port } = change;
      queryClient.setQueryData<SendPortWithEtag>(sendPortQueryOptions(name).queryKey, { port, etag });
      void queryClient.invalidateQueries({
        queryKey: ['send-ports'],
        predicate: (query) => query.queryKey[1] !== name,
      });
      void queryClient.invalidateQueries({ queryKey: ['certificates'] });
    },
  });
}
