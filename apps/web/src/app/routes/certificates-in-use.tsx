import { CertificateRegular } from '@fluentui/react-icons';
import { Outlet, useNavigate } from 'react-router';
import { ResultsHeader } from '../../components/results-header';
import { CertificatesInUse } from '../../features/lifecycle/components/certificates-in-use';
import { consolePaths } from '../../lib/console-paths';

/** Certificates → In Use; the Replace certificate wizard opens over it, with a URL of its own. */
export default function CertificatesInUseRoute() {
  const navigate = useNavigate();
  return (
    <>
      <ResultsHeader
        title="In Use"
        icon={<CertificateRegular />}
        description="Every certificate a send port uses, the soonest to expire first. Replace one here on every port that uses it at once, now or when its successor becomes valid."
      />
      <CertificatesInUse
        onReplace={(certificate) => navigate(consolePaths.replaceCertificate(certificate.thumbprint))}
        onOpenDetails={(certificate) => navigate(consolePaths.certificate(certificate.thumbprint))}
      />
      <Outlet />
    </>
  );
}
