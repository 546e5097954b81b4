import type { GroupResponse } from '@bts-console/domain';
import { Badge } from '@fluentui/react-components';
import { useState } from 'react';
import { ResultsGrid, type ResultsColumn } from '../../../components/results-grid';

type Host = GroupResponse['hosts'][number] & { instances: number };
type HostInstance = GroupResponse['hostInstances'][number];

const HOST_COLUMNS: ResultsColumn<Host>[] = [
  { id: 'name', title: 'Name', width: 260, text: (host) => host.name },
  { id: 'type', title: 'Type', width: 140, text: (host) => host.type },
  {
    id: 'instances',
    title: 'Host Instances',
    width: 140,
    grow: true,
    text: (host) => String(host.instances),
    compare: (a, b) => a.instances - b.instances,
  },
];

const HOST_INSTANCE_COLUMNS: ResultsColumn<HostInstance>[] = [
  {
    id: 'name',
    title: 'Name',
    width: 300,
    text: (instance) => `Microsoft BizTalk Server ${instance.host} ${instance.server}`,
  },
  { id: 'host', title: 'Host Name', width: 220, text: (instance) => instance.host },
  { id: 'server', title: 'Server', width: 120, text: (instance) => instance.server },
  {
    id: 'state',
    title: 'Status',
    width: 120,
    grow: true,
    text: (instance) => instance.state,
    render: (instance) => (
      <Badge appearance="tint" color={instance.state === 'Running' ? 'success' : 'subtle'} size="small">
        {instance.state}
      </Badge>
    ),
  },
];

export function HostList({ group }: { group: GroupResponse }) {
  const [selected, setSelected] = useState<string | null>(null);
  const hosts = group.hosts.map((host) => ({
    ...host,
    instances: group.hostInstances.filter((instance) => instance.host === host.name).length,
  }));
  return (
    <ResultsGrid
      label="Hosts"
      items={hosts}
      columns={HOST_COLUMNS}
      getRowId={(host) => host.name}
      selectedId={selected}
      onSelect={(host) => setSelected(host.name)}
    />
  );
}

export function HostInstanceList({ group }: { group: GroupResponse }) {
  const [selected, setSelected] = useState<string | null>(null);
  const id = (instance: HostInstance) => `${instance.host}/${instance.server}`;
  return (
    <ResultsGrid
      label="Host Instances"
      items={group.hostInstances}
      columns={HOST_INSTANCE_COLUMNS}
      getRowId={id}
      selectedId={selected}
      onSelect={(instance) => setSelected(id(instance))}
    />
  );
}
