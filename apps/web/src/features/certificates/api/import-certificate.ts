import { apiPath, StoreCertificateSchema } from '@bts-console/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { storeCertificatesQueryKey } from './get-store-certificates';

export type ImportCertificateInput = { computer: string; file: File };

/** Sends the file's raw bytes: the API tells PEM from DER by content and refuses private keys and PKCS#12. */
export async function importCertificate({ computer, file }: ImportCertificateInput) {
  const { body } = await apiRequest(
    apiPath`/api/computers/${computer}/stores/other-people/certificates`,
    StoreCertificateSchema,
    {
      method: 'POST',
      body: file,
      headers: { 'Content-Type': 'application/octet-stream' },
    },
  );
  return body;
}

export function useImportCertificate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: importCertificate,
    onSettled: (_result, _error, { computer }) => {
      void queryClient.invalidateQueries({ queryKey: storeCertificatesQueryKey(computer) });
      void queryClient.invalidateQueries({ queryKey: ['certificates'] });
      void queryClient.invalidateQueries({ queryKey: ['send-ports'] });
    },
  });
}
