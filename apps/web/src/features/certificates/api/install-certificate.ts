import { apiPath, InstallCertificateResultSchema, type InstallCertificateResult } from '@bts-console/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';

export type InstallCertificateInput = { thumbprint: string; computers: string[] };

/** Copies the certificate from a store that holds it into each computer's Other People store (DESIGN §12). */
export async function installCertificate({
  thumbprint,
  computers,
}: InstallCertificateInput): Promise<InstallCertificateResult> {
  const response = await apiRequest(
    apiPath`/api/certificates/${thumbprint}/installations`,
    InstallCertificateResultSchema,
    { method: 'POST', body: { computers } },
  );
  return response.body;
}

/** Where the PowerShell script of the same installation downloads from. */
export function installationScriptUrl(thumbprint: string, computers: readonly string[]): string {
  const query = computers.length > 0 ? `?computers=${encodeURIComponent(computers.join(','))}` : '';
  return `${apiPath`/api/certificates/${thumbprint}/installation-script.ps1`}${query}`;
}

export function useInstallCertificate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: installCertificate,
    onSuccess: () => {
      // Presence shows in the certificate, the ports' pages, the stores and the Group Hub.
      void queryClient.invalidateQueries({ queryKey: ['certificates'] });
      void queryClient.invalidateQueries({ queryKey: ['send-ports'] });
      void queryClient.invalidateQueries({ queryKey: ['stores'] });
      void queryClient.invalidateQueries({ queryKey: ['group'] });
    },
  });
}
