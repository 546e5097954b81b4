import { apiPath } from '@bts-console/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { storeCertificatesQueryKey } from './get-store-certificates';

export type RemoveStoreCertificateInput = { computer: string; thumbprint: string };

/** The API refuses (409) while a send port processed on this computer uses the certificate, naming the ports. */
export async function removeStoreCertificate({
  computer,
  thumbprint,
}: RemoveStoreCertificateInput): Promise<void> {
  await apiRequest(apiPath`/api/computers/${computer}/stores/other-people/certificates/${thumbprint}`, null, {
    method: 'DELETE',
  });
}

export function useRemoveStoreCertificate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: removeStoreCertificate,
    onSuccess: (_result, { computer }) => {
      void queryClient.invalidateQueries({ queryKey: storeCertificatesQueryKey(computer) });
      void queryClient.invalidateQueries({ queryKey: ['certificates'] });
      void queryClient.invalidateQueries({ queryKey: ['send-ports'] });
    },
  });
}
