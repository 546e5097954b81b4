import { MailPauseRegular } from '@fluentui/react-icons';
import { useSearchParams } from 'react-router';
import { ResultsHeader } from '../../components/results-header';
import { SuspendedInstances } from '../../features/runtime/components/suspended-instances';
import {
  SUSPENDED,
  instanceListTitle,
  parseInstanceStatusFilter,
} from '../../features/runtime/instance-list-filter';

/** `/group/suspended-instances?sendPort=&status=&instance=`: the filters live in the URL, so reload and Back keep them. */
export default function SuspendedInstancesRoute() {
  const [searchParams, setSearchParams] = useSearchParams();
  const sendPort = searchParams.get('sendPort') || null;
  const status = parseInstanceStatusFilter(searchParams.get('status'));
  const instanceId = searchParams.get('instance') || null;
  return (
    <>
      <ResultsHeader
        title={instanceListTitle(status)}
        icon={<MailPauseRegular />}
        description={sendPort ? `Send port ${sendPort}` : 'All send ports'}
      />
      <SuspendedInstances
        key={`${sendPort ?? ''}|${status}`}
        sendPort={sendPort}
        status={status}
        instanceId={instanceId}
        onFilterChange={(filter) => {
          const next = new URLSearchParams();
          if (filter.sendPort) next.set('sendPort', filter.sendPort);
          if (filter.status !== SUSPENDED) next.set('status', filter.status);
          setSearchParams(next);
        }}
      />
    </>
  );
}
