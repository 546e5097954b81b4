import { normalizeThumbprint } from '@bts-console/domain';
import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { CertificateRegular } from '@fluentui/react-icons';
import { Navigate, Outlet, useNavigate, useParams } from 'react-router';
import { ResultsHeader } from '../../components/results-header';
import { CertificateDetails } from '../../features/certificates/components/certificate-details';
import { consolePaths } from '../../lib/console-paths';

/** `/certificates/<thumbprint>`: any form of thumbprint in the URL leads to the canonical one. */
export default function CertificateDetailsRoute() {
  const value = useParams().thumbprint ?? '';
  const navigate = useNavigate();
  const result = normalizeThumbprint(value);
  if (!result.ok) {
    return (
      <MessageBar intent="error" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>This address does not name a certificate</MessageBarTitle>
          {result.error.message}
        </MessageBarBody>
      </MessageBar>
    );
  }
  if (result.thumbprint !== value)
    return <Navigate to={consolePaths.certificate(result.thumbprint)} replace />;
  return (
    <>
      <ResultsHeader title={`Certificate ${result.display}`} icon={<CertificateRegular />} />
      <CertificateDetails
        thumbprint={result.thumbprint}
        onReplace={() => navigate(consolePaths.replaceCertificateFromDetails(result.thumbprint))}
      />
      <Outlet />
    </>
  );
}
