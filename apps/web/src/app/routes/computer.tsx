import { DesktopRegular, ShieldKeyholeRegular } from '@fluentui/react-icons';
import { useParams } from 'react-router';
import { FolderList } from '../../components/folder-list';
import { ResultsHeader } from '../../components/results-header';
import { consolePaths } from '../../lib/console-paths';

export default function ComputerRoute() {
  const computer = useParams().computer ?? '';
  return (
    <>
      <ResultsHeader title={computer} icon={<DesktopRegular />} />
      <FolderList
        label={computer}
        entries={[
          {
            name: 'Other People',
            type: 'Certificate store',
            description: 'LocalMachine\\AddressBook: public certificates of partners, used to encrypt',
            to: consolePaths.otherPeopleStore(computer),
            icon: <ShieldKeyholeRegular />,
          },
        ]}
      />
    </>
  );
}
