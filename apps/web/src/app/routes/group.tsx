import { Button } from '@fluentui/react-components';
import { BoardRegular, HistoryRegular } from '@fluentui/react-icons';
import { useNavigate } from 'react-router';
import { ResultsHeader } from '../../components/results-header';
import { InstallOnMissingServers } from '../../features/certificates/components/install-on-missing-servers';
import { useGroup } from '../../features/group/api/get-group';
import { NodeActionsPane } from '../../features/group/components/node-actions-pane';
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
      {/* Refresh as in the group's context menu; the Audit log only here. */}
      <NodeActionsPane title={title} node={{ kind: 'group' }}>
        <Button appearance="subtle" icon={<HistoryRegular />} onClick={() => navigate(consolePaths.audit)}>
          Audit log
        </Button>
      </NodeActionsPane>
    </>
  );
}
