import { CertificateRegular, DesktopRegular, ServerRegular } from '@fluentui/react-icons';
import { FolderList } from '../../components/folder-list';
import { QueryError } from '../../components/query-error';
import { ResultsHeader } from '../../components/results-header';
import { useGroup } from '../../features/group/api/get-group';
import { consolePaths } from '../../lib/console-paths';

export default function CertificatesRoute() {
  const group = useGroup();
  return (
    <>
      <ResultsHeader
        title="Certificates"
        icon={<CertificateRegular />}
        description="Each computer of the group has its own Other People store. A send port's certificate must be in the store of every server that processes the port."
      />
      <FolderList
        label="Certificates"
        isLoading={group.isPending}
        error={
          group.isError ? <QueryError error={group.error} title="The group could not be loaded" /> : null
        }
        entries={group.data?.computers.map((computer) => ({
          name: computer.name,
          type: computer.role === 'Console' ? 'Console (local computer)' : 'BizTalk Server',
          to: consolePaths.computer(computer.name),
          icon: computer.role === 'Console' ? <DesktopRegular /> : <ServerRegular />,
        }))}
      />
    </>
  );
}
