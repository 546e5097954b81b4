import { Button } from '@fluentui/react-components';
import {
  BoxMultipleRegular,
  CertificateRegular,
  FolderRegular,
  HistoryRegular,
  PeopleRegular,
  SettingsRegular,
} from '@fluentui/react-icons';
import { useNavigate } from 'react-router';
import { Actions } from '../../components/actions-pane';
import { FolderList } from '../../components/folder-list';
import { ResultsHeader } from '../../components/results-header';
import { useGroup } from '../../features/group/api/get-group';
import { consolePaths, groupNodeLabel } from '../../lib/console-paths';

export default function GroupRoute() {
  const group = useGroup();
  const navigate = useNavigate();
  const title = group.data ? groupNodeLabel(group.data.name) : 'BizTalk Group';
  return (
    <>
      <ResultsHeader title={title} icon={<BoxMultipleRegular />} />
      <FolderList
        label={title}
        entries={[
          { name: 'Applications', type: 'Folder', to: consolePaths.applications, icon: <FolderRegular /> },
          { name: 'Parties', type: 'Folder', to: consolePaths.parties, icon: <PeopleRegular /> },
          {
            name: 'Platform Settings',
            type: 'Folder',
            to: consolePaths.platformSettings,
            icon: <SettingsRegular />,
          },
          {
            name: 'Certificates',
            type: 'Folder',
            description: 'The Other People certificate store of each computer',
            to: consolePaths.certificates,
            icon: <CertificateRegular />,
          },
        ]}
      />
      <Actions title={title}>
        <Button appearance="subtle" icon={<HistoryRegular />} onClick={() => navigate(consolePaths.audit)}>
          Audit log
        </Button>
      </Actions>
    </>
  );
}
