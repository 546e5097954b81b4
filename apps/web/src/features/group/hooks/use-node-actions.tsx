import { apiPath } from '@bts-console/domain';
import {
  ArrowClockwiseRegular,
  ArrowDownloadRegular,
  ArrowUploadRegular,
  PlayRegular,
  StopRegular,
} from '@fluentui/react-icons';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type ReactElement } from 'react';
import { useNotify } from '../../../components/notify';
import { errorMessage } from '../../../lib/api-client';
import { REQUIRES_ADMINISTRATORS, REQUIRES_OPERATORS, usePermissions } from '../../../lib/auth/permissions';
import { useChangeApplicationStatus } from '../api/change-application-status';
import { ImportBindingsDialog } from '../components/import-bindings-dialog';

/** A tree node that has actions of its own, as in the BizTalk console's context menus. */
export type ActionNode =
  | { kind: 'group' }
  | { kind: 'application'; application: string }
  | { kind: 'send-ports'; application: string };

export type NodeAction = {
  id: string;
  label: string;
  icon: ReactElement;
  /** Why it cannot be used now; null when it can. */
  deniedReason: string | null;
  run: () => void;
};

/** The bindings file of an application, as the API exports it: a download, by the browser. */
function downloadBindings(application: string): void {
  const link = document.createElement('a');
  link.href = apiPath`/api/applications/${application}/bindings`;
  link.download = `${application}.BindingInfo.xml`;
  document.body.append(link);
  link.click();
  link.remove();
}

/**
 * A node's actions, the same in its context menu and in the actions pane: Start, Stop, Export and Import
 * Bindings and Refresh on an application; Refresh on the group and on a Send Ports folder.
 */
export function useNodeActions(node: ActionNode | null): {
  actions: NodeAction[];
  dialog: ReactElement | null;
} {
  const permissions = usePermissions();
  const queryClient = useQueryClient();
  const statusChange = useChangeApplicationStatus();
  const notify = useNotify();
  // The application whose Import Bindings dialog is open; it outlives the menu it was chosen from.
  const [importing, setImporting] = useState<string | null>(null);
  const dialog = importing ? (
    <ImportBindingsDialog application={importing} onClose={() => setImporting(null)} />
  ) : null;
  return { actions: node ? actionsOf(node) : [], dialog };

  function actionsOf(node: ActionNode): NodeAction[] {
    const refresh = (id: string, keys: readonly (readonly string[])[] | null): NodeAction => ({
      id,
      label: 'Refresh',
      icon: <ArrowClockwiseRegular />,
      deniedReason: null,
      run: () => {
        if (keys === null) void queryClient.invalidateQueries();
        else for (const queryKey of keys) void queryClient.invalidateQueries({ queryKey });
      },
    });

    if (node.kind === 'group') return [refresh('refresh', null)];
    if (node.kind === 'send-ports') return [refresh('refresh', [['send-ports']])];

    const { application } = node;
    const operationDenied = permissions.canOperate ? null : REQUIRES_OPERATORS;
    const changeStatus = (operation: 'start' | 'stop') => {
      statusChange.mutateAsync({ application, operation }).then(
        (result) =>
          notify(
            'success',
            `${application} ${operation === 'start' ? 'started' : 'stopped'}`,
            `${result.changed.length} send ${result.changed.length === 1 ? 'port' : 'ports'} changed, ${result.unchanged.length} already ${operation === 'start' ? 'Started' : 'not Started'}.`,
          ),
        (error: unknown) =>
          notify(
            'error',
            `${operation === 'start' ? 'Start' : 'Stop'} failed for ${application}`,
            errorMessage(error),
          ),
      );
    };
    return [
      {
        id: 'start',
        label: 'Start',
        icon: <PlayRegular />,
        deniedReason: operationDenied,
        run: () => changeStatus('start'),
      },
      {
        id: 'stop',
        label: 'Stop',
        icon: <StopRegular />,
        deniedReason: operationDenied,
        run: () => changeStatus('stop'),
      },
      {
        id: 'export-bindings',
        label: 'Export → Bindings...',
        icon: <ArrowDownloadRegular />,
        deniedReason: null,
        run: () => downloadBindings(application),
      },
      {
        id: 'import-bindings',
        label: 'Import → Bindings...',
        icon: <ArrowUploadRegular />,
        deniedReason: permissions.canChangeConfiguration ? null : REQUIRES_ADMINISTRATORS,
        run: () => setImporting(application),
      },
      refresh('refresh', [['applications'], ['send-ports']]),
    ];
  }
}
