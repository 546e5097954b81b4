import { Actions } from '../../../components/actions-pane';
import { GuardedButton } from '../../../components/guarded-button';
import { useNodeActions, type ActionNode } from '../hooks/use-node-actions';

/** A node's actions in the actions pane: the same as its context menu in the tree. */
export function NodeActionsPane({ title, node }: { title: string; node: ActionNode }) {
  const { actions, dialog } = useNodeActions(node);
  return (
    <>
      {dialog}
      <Actions title={title}>
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
