import { AppFolderRegular, FolderRegular } from '@fluentui/react-icons';
import { useParams } from 'react-router';
import { FolderList } from '../../components/folder-list';
import { QueryError } from '../../components/query-error';
import { ResultsHeader } from '../../components/results-header';
import { useApplications } from '../../features/group/api/get-applications';
import { NodeActionsPane } from '../../features/group/components/node-actions-pane';
import { APPLICATION_NODES, consolePaths } from '../../lib/console-paths';

export default function ApplicationRoute() {
  const application = useParams().application ?? '';
  const applications = useApplications();
  const found = applications.data?.items.find((item) => item.name === application);
  const notFound = applications.isSuccess && !found;
  return (
    <>
      <ResultsHeader
        title={application}
        icon={<AppFolderRegular />}
        description={found?.description ?? undefined}
      />
      {found && <NodeActionsPane title={application} node={{ kind: 'application', application }} />}
      <FolderList
        label={application}
        isLoading={applications.isPending}
        error={
          applications.isError ? (
            <QueryError error={applications.error} title="Applications could not be loaded" />
          ) : notFound ? (
            <QueryError
              error={new Error(`There is no application named ${application} in this group.`)}
              title="Not found"
            />
          ) : null
        }
        entries={
          notFound
            ? []
            : APPLICATION_NODES.map((node) => {
                const count = found?.counts[node.label];
                return {
                  name: node.label,
                  type: 'Folder',
                  description: count === undefined ? '' : `${count} ${count === 1 ? 'item' : 'items'}`,
                  to: consolePaths.applicationNode(application, node.segment),
                  icon: <FolderRegular />,
                };
              })
        }
      />
    </>
  );
}
