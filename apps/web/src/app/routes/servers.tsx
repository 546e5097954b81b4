import type { GroupResponse } from '@bts-console/domain';
import { Button, makeStyles, tokens } from '@fluentui/react-components';
import { DocumentBulletListRegular, ServerRegular } from '@fluentui/react-icons';
import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Actions } from '../../components/actions-pane';
import { QueryError } from '../../components/query-error';
import { ResultsGrid, type ResultsColumn } from '../../components/results-grid';
import { ResultsHeader } from '../../components/results-header';
import { useGroup } from '../../features/group/api/get-group';
import { consolePaths } from '../../lib/console-paths';

type Server = GroupResponse['computers'][number] & { hostInstances: string };

const useStyles = makeStyles({
  link: { color: tokens.colorBrandForegroundLink },
});

/** Platform Settings → Servers: each computer of the group, and the way to its Application event log. */
export default function ServersRoute() {
  const styles = useStyles();
  const group = useGroup();
  const navigate = useNavigate();
  const [selectedName, setSelectedName] = useState<string | null>(null);

  const servers = useMemo<Server[] | undefined>(
    () =>
      group.data?.computers.map((computer) => ({
        ...computer,
        hostInstances: group.data.hostInstances
          .filter((instance) => instance.server === computer.name)
          .map((instance) => `${instance.host} (${instance.state})`)
          .join(', '),
      })),
    [group.data],
  );

  const columns = useMemo<ResultsColumn<Server>[]>(
    () => [
      { id: 'name', title: 'Name', width: 180, text: (server) => server.name },
      { id: 'role', title: 'Role', width: 160, text: (server) => server.role },
      {
        id: 'instances',
        title: 'Host Instances',
        width: 260,
        grow: true,
        text: (server) => server.hostInstances,
      },
      {
        id: 'eventViewer',
        title: 'Event Viewer',
        width: 140,
        text: () => 'Event Viewer',
        // Out of the tab order: the grid's rows rove the focus, and Enter on a row opens the same page.
        render: (server) => (
          <Link
            className={styles.link}
            to={consolePaths.eventViewer(server.name)}
            tabIndex={-1}
            aria-label={`Event Viewer of ${server.name}`}
          >
            Event Viewer
          </Link>
        ),
      },
    ],
    [styles],
  );

  const selected = servers?.find((server) => server.name === selectedName) ?? null;

  return (
    <>
      <ResultsHeader title="Servers" icon={<ServerRegular />} description="Platform Settings" />
      <ResultsGrid
        label="Servers"
        items={servers}
        columns={columns}
        getRowId={(server) => server.name}
        isLoading={group.isPending}
        error={
          group.isError ? (
            <QueryError
              error={group.error}
              title="The group could not be loaded"
              onRetry={() => void group.refetch()}
            />
          ) : null
        }
        selectedId={selectedName}
        onSelect={(server) => setSelectedName(server.name)}
        onOpen={(server) => navigate(consolePaths.eventViewer(server.name))}
      />
      {selected && (
        <Actions title={selected.name}>
          <Button
            appearance="subtle"
            icon={<DocumentBulletListRegular />}
            onClick={() => navigate(consolePaths.eventViewer(selected.name))}
          >
            Event Viewer
          </Button>
        </Actions>
      )}
    </>
  );
}
