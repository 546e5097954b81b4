import type { ReactNode } from 'react';
import { Actions } from '../../../components/actions-pane';
import { GuardedButton } from '../../../components/guarded-button';
import { useNodeActions, type ActionNode } from '../hooks/use-node-actions';

/**
 * A node's actions in the actions pane: the same as its context menu in the tree, after what only the pane
 * offers (`children`, such as the group's Audit log).
 */
export function NodeActionsPane({
  title,
  node,
  children,
}: {
  title: string;
  node: ActionNode;
  children?: ReactNode;
}) {
  const { actions, dialog } = useNodeActions(node);
  return (
    <>
      {dialog}
      <Actions title={title}>
        {children}
        {actions.map((action) => (
          <GuardedButton
            key={action.id}
            appearance="subtle"
            icon={action.icon}
            deniedReason={action.deniedReason}
            onClick={action.run}
          >
            {action.label}
          </GuardedButton>
        ))}
      </Actions>
    </>
  );
}
