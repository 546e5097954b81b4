import { FolderRegular } from '@fluentui/react-icons';
import { useParams } from 'react-router';
import { QueryError } from '../../components/query-error';
import { ResultsHeader } from '../../components/results-header';
import { useGroup } from '../../features/group/api/get-group';
import { ArtifactList } from '../../features/group/components/artifact-list';
import { HostInstanceList, HostList } from '../../features/group/components/platform-lists';
import { PLATFORM_NODES } from '../../lib/console-paths';
import NotFoundRoute from './not-found';

export default function PlatformNodeRoute() {
  const { segment } = useParams();
  const group = useGroup();
  const node = PLATFORM_NODES.find((candidate) => candidate.segment === segment);
  if (!node) return <NotFoundRoute />;
  const header = (
    <ResultsHeader title={node.label} icon={<FolderRegular />} description="Platform Settings" />
  );
  if (node.kind !== null) {
    return (
      <>
        {header}
        <ArtifactList key={node.kind} label={node.label} application={null} kind={node.kind} />
      </>
    );
  }
  if (!group.data) {
    return (
      <>
        {header}
        {group.isError && <QueryError error={group.error} title="The group could not be loaded" />}
      </>
    );
  }
  return (
    <>
      {header}
      {node.segment === 'hosts' && <HostList group={group.data} />}
      {node.segment === 'host-instances' && <HostInstanceList group={group.data} />}
    </>
  );
}
