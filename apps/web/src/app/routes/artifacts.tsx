import { FolderRegular, PeopleRegular } from '@fluentui/react-icons';
import { useParams } from 'react-router';
import { ResultsHeader } from '../../components/results-header';
import { ArtifactList } from '../../features/group/components/artifact-list';
import { APPLICATION_NODES } from '../../lib/console-paths';
import NotFoundRoute from './not-found';

/** An application's read-only artifact nodes, and the group's Parties node. */
export default function ArtifactsRoute() {
  const { application, segment } = useParams();
  if (application === undefined) {
    return (
      <>
        <ResultsHeader title="Parties" icon={<PeopleRegular />} />
        <ArtifactList key="parties" label="Parties" application={null} kind="Party" />
      </>
    );
  }
  const node = APPLICATION_NODES.find((candidate) => candidate.segment === segment);
  if (!node || node.kind === null) return <NotFoundRoute />;
  return (
    <>
      <ResultsHeader title={node.label} icon={<FolderRegular />} description={application} />
      <ArtifactList
        key={`${application}/${node.kind}`}
        label={node.label}
        application={application}
        kind={node.kind}
      />
    </>
  );
}
