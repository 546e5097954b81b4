import { ShieldKeyholeRegular } from '@fluentui/react-icons';
import { useNavigate, useParams } from 'react-router';
import { ResultsHeader } from '../../components/results-header';
import { OtherPeopleStore } from '../../features/certificates/components/other-people-store';
import { consolePaths } from '../../lib/console-paths';

export default function OtherPeopleStoreRoute() {
  const computer = useParams().computer ?? '';
  const navigate = useNavigate();
  return (
    <>
      <ResultsHeader
        title="Other People"
        icon={<ShieldKeyholeRegular />}
        description={`${computer} — LocalMachine\\AddressBook`}
      />
      <OtherPeopleStore
        key={computer}
        computer={computer}
        onOpenCertificate={(thumbprint) => navigate(consolePaths.certificate(thumbprint))}
      />
    </>
  );
}
