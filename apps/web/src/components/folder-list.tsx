import { FolderRegular } from '@fluentui/react-icons';
import { useState, type ReactElement } from 'react';
import { useNavigate } from 'react-router';
import { Actions } from './actions-pane';
import { GuardedButton } from './guarded-button';
import { ResultsGrid, type ResultsColumn } from './results-grid';

export type FolderEntry = {
  name: string;
  type: string;
  description?: string;
  to: string;
  icon?: ReactElement;
};

const COLUMNS: ResultsColumn<FolderEntry>[] = [
  {
    id: 'name',
    title: 'Name',
    width: 260,
    text: (entry) => entry.name,
    render: (entry) => (
      <span style={{ display: 'inline-flex', alignItems: 'center', gap: 6 }}>
        {entry.icon ?? <FolderRegular />}
        {entry.name}
      </span>
    ),
  },
  { id: 'type', title: 'Type', width: 160, text: (entry) => entry.type },
  {
    id: 'description',
    title: 'Description',
    width: 240,
    grow: true,
    text: (entry) => entry.description ?? '',
  },
];

/** The results of a node whose children are nodes: opening an entry selects it in the tree. */
export function FolderList({
  label,
  entries,
  isLoading,
  error,
}: {
  label: string;
  entries: FolderEntry[] | undefined;
  isLoading?: boolean;
  error?: ReactElement | null;
}) {
  const navigate = useNavigate();
  const [selected, setSelected] = useState<string | null>(null);
  const current = entries?.find((entry) => entry.to === selected);
  return (
    <>
      <ResultsGrid
        label={label}
        items={entries}
        columns={COLUMNS}
        getRowId={(entry) => entry.to}
        isLoading={isLoading}
        error={error}
        selectedId={selected}
        onSelect={(entry) => setSelected(entry.to)}
        onOpen={(entry) => navigate(entry.to)}
        defaultSort={null}
      />
      {current && (
        <Actions title={current.name}>
          <GuardedButton appearance="subtle" onClick={() => navigate(current.to)}>
            Open
          </GuardedButton>
        </Actions>
      )}
    </>
  );
}
