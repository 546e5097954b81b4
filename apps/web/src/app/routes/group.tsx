import { Button } from '@fluentui/react-components';
import { BoardRegular, HistoryRegular } from '@fluentui/react-icons';
import { useNavigate } from 'react-router';
import { Actions } from '../../components/actions-pane';
import { ResultsHeader } from '../../components/results-header';
import { InstallOnMissingServers } from '../../features/certificates/components/install-on-missing-servers';
import { useGroup } from '../../features/group/api/get-group';
import { GroupHub } from '../../features/runtime/components/group-hub';
import { consolePaths, groupNodeLabel } from '../../lib/console-paths';

/** The BizTalk Group node opens the Group Hub, as in the BizTalk console; its folders are in the tree. */
export default function GroupRoute() {
  const group = useGroup();
  const navigate = useNavigate();
  const title = group.data ? groupNodeLabel(group.data.name) : 'BizTalk Group';
  return (
    <>
      <ResultsHeader
        title="Group Hub"
        icon={<BoardRegular />}
        description={`${title}: where messages are stuck, and which send port certificates will make them stick`}
      />
      <GroupHub
        renderCertificateActions={(row) => (
          <InstallOnMissingServers
            thumbprint={row.thumbprint}
            missingOn={row.missingOn}
            subject={row.sendPort}
          />
        )}
      />
      <Actions title={title}>
        <Button appearance="subtle" icon={<HistoryRegular />} onClick={() => navigate(consolePaths.audit)}>
          Audit log
        </Button>
      </Actions>
    </>
  );
}
