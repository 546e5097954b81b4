import { AppFolderRegular, FolderRegular } from '@fluentui/react-icons';
import { FolderList } from '../../components/folder-list';
import { QueryError } from '../../components/query-error';
import { ResultsHeader } from '../../components/results-header';
import { useApplications } from '../../features/group/api/get-applications';
import { consolePaths } from '../../lib/console-paths';

export default function ApplicationsRoute() {
  const applications = useApplications();
  return (
    <>
      <ResultsHeader title="Applications" icon={<FolderRegular />} />
      <FolderList
        label="Applications"
        isLoading={applications.isPending}
        error={
          applications.isError ? (
            <QueryError error={applications.error} title="Applications could not be loaded" />
          ) : null
        }
        entries={applications.data?.items.map((application) => ({
          name: application.name,
          type: application.isSystem ? 'System application' : 'Application',
          description: application.description ?? '',
          to: consolePaths.application(application.name),
          icon: <AppFolderRegular />,
        }))}
      />
    </>
  );
}
