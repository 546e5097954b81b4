import type { Artifact, ArtifactKind } from '@bts-console/domain';
import { QueryError } from '../../../components/query-error';
import { ResultsGrid, type ResultsColumn } from '../../../components/results-grid';
import { useArtifacts } from '../api/get-artifacts';
import { useState } from 'react';

function propertyText(properties: Record<string, unknown>): string {
  return Object.entries(properties)
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' · ');
}

const COLUMNS: ResultsColumn<Artifact>[] = [
  { id: 'name', title: 'Name', width: 260, text: (artifact) => artifact.name },
  { id: 'description', title: 'Description', width: 200, text: (artifact) => artifact.description ?? '' },
  {
    id: 'properties',
    title: 'Properties',
    width: 280,
    grow: true,
    text: (artifact) => propertyText(artifact.properties),
  },
];

/** The read-only list of one kind of artifact: an application's, or the group's when application is null. */
export function ArtifactList({
  label,
  application,
  kind,
}: {
  label: string;
  application: string | null;
  kind: ArtifactKind;
}) {
  const artifacts = useArtifacts(application, kind);
  const [selected, setSelected] = useState<string | null>(null);
  const columns =
    application === null ? [...COLUMNS.slice(0, 1), applicationColumn, ...COLUMNS.slice(1)] : COLUMNS;
  return (
    <ResultsGrid
      label={label}
      items={artifacts.data?.items}
      columns={columns}
      getRowId={(artifact) => `${artifact.application ?? ''}/${artifact.name}`}
      isLoading={artifacts.isPending}
      error={
        artifacts.isError ? (
          <QueryError
            error={artifacts.error}
            title={`${label} could not be loaded`}
            onRetry={() => void artifacts.refetch()}
          />
        ) : null
      }
      emptyMessage={`There are no ${label.toLocaleLowerCase()} to show.`}
      selectedId={selected}
      onSelect={(artifact) => setSelected(`${artifact.application ?? ''}/${artifact.name}`)}
    />
  );
}

const applicationColumn: ResultsColumn<Artifact> = {
  id: 'application',
  title: 'Application',
  width: 180,
  text: (artifact) => artifact.application ?? '',
};
