import { BoxMultipleRegular, WindowConsoleRegular } from '@fluentui/react-icons';
import { FolderList } from '../../components/folder-list';
import { QueryError } from '../../components/query-error';
import { ResultsHeader } from '../../components/results-header';
import { useGroup } from '../../features/group/api/get-group';
import { consolePaths, groupNodeLabel } from '../../lib/console-paths';

export default function ConsoleRootRoute() {
  const group = useGroup();
  return (
    <>
      <ResultsHeader title="BizTalk Server Administration" icon={<WindowConsoleRegular />} />
      <FolderList
        label="BizTalk Server Administration"
        isLoading={group.isPending}
        error={
          group.isError ? <QueryError error={group.error} title="The group could not be loaded" /> : null
        }
        entries={
          group.data && [
            {
              name: groupNodeLabel(group.data.name),
              type: 'BizTalk Group',
              description: `${group.data.computers.length} computers, ${group.data.hosts.length} hosts`,
              to: consolePaths.group,
              icon: <BoxMultipleRegular />,
            },
          ]
        }
      />
    </>
  );
}
