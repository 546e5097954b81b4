import { Button, Spinner } from '@fluentui/react-components';
import { ArrowClockwiseRegular } from '@fluentui/react-icons';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Actions } from './actions-pane';
import { QueryError } from './query-error';

/**
 * What a view shows of the query it reads: a spinner while it loads, the API's words with Retry when it
 * failed, and otherwise what `children` makes of the data.
 */
export function QueryView<T>({
  query,
  loading,
  failed,
  size = 'small',
  children,
}: {
  query: UseQueryResult<T>;
  /** The spinner's label, e.g. "Loading the alerts…". */
  loading: string;
  /** The error's title, e.g. "The alerts could not be loaded". */
  failed: string;
  size?: 'tiny' | 'small';
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <Spinner size={size} label={loading} />;
  if (query.isError) {
    return <QueryError error={query.error} title={failed} onRetry={() => void query.refetch()} />;
  }
  return <>{children(query.data)}</>;
}

/** Refresh in the actions pane, under the view's title: reads the view's queries again. */
export function RefreshAction({
  title,
  label = 'Refresh',
  onRefresh,
}: {
  title: string;
  label?: string;
  onRefresh: () => void;
}) {
  return (
    <Actions title={title}>
      <Button appearance="subtle" icon={<ArrowClockwiseRegular />} onClick={onRefresh}>
        {label}
      </Button>
    </Actions>
  );
}
