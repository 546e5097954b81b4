import { useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { importCertificate } from '../../features/certificates/api/import-certificate';
import {
  getWholeStore,
  storeCertificatesQueryKey,
} from '../../features/certificates/api/get-store-certificates';
import { useGroup } from '../../features/group/api/get-group';
import { useCertificateInUse } from '../../features/lifecycle/api/get-certificates-in-use';
import {
  ReplaceCertificateWizard,
  type StoreAccess,
} from '../../features/lifecycle/components/replace-certificate-wizard';
import { consolePaths } from '../../lib/console-paths';

/** The Replace certificate wizard over Certificates → In Use; the successor is in the URL once picked. */
export default function ReplaceCertificateRoute() {
  return (
    <ReplaceCertificate
      pathFor={consolePaths.replaceCertificate}
      closeTo={() => consolePaths.certificatesInUse}
    />
  );
}

/**
 * The wizard with the old certificate from the URL, wherever it opens: `pathFor` is its own address with a
 * successor, `closeTo` where Close goes.
 */
export function ReplaceCertificate(props: {
  pathFor: (thumbprint: string, to?: string | null) => string;
  closeTo: (thumbprint: string) => string;
}) {
  const { thumbprint = '' } = useParams();
  const [searchParams] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const group = useGroup();
  const inUse = useCertificateInUse(thumbprint);
  const computers = useMemo(() => group.data?.computers ?? [], [group.data]);
  const computerNames = useMemo(() => computers.map((computer) => computer.name), [computers]);
  const fromName = inUse.data?.commonName ?? thumbprint;

  const stores: StoreAccess = {
    computers: computerNames,
    localComputer: computers.find((computer) => computer.role === 'Console')?.name ?? null,
    storeKey: (computer) => [...storeCertificatesQueryKey(computer), 'whole'],
    loadStore: getWholeStore,
    importCertificate: async (computer, file) => {
      const imported = await importCertificate({ computer, file });
      void queryClient.invalidateQueries({ queryKey: storeCertificatesQueryKey(computer) });
      return imported;
    },
  };

  return (
    <ReplaceCertificateWizard
      key={thumbprint}
      from={thumbprint}
      fromName={fromName}
      to={searchParams.get('to')}
      stores={stores}
      onPickSuccessor={(to) => navigate(props.pathFor(thumbprint, to), { replace: true })}
      onClose={() => navigate(props.closeTo(thumbprint))}
    />
  );
}
