import { Menu, MenuList, MenuPopover, type PositioningVirtualElement } from '@fluentui/react-components';
import { GuardedMenuItem } from '../../../components/guarded-menu-item';
import { useNodeActions, type ActionNode } from '../hooks/use-node-actions';

/** A right-click, Shift+F10 or the Menu key on a tree node that has actions. */
export type TreeMenuRequest = {
  node: ActionNode;
  label: string;
  target: HTMLElement | PositioningVirtualElement;
  fromKeyboard: boolean;
};

/** A tree node's context menu: the same actions as the actions pane shows for it. */
export function TreeNodeMenu({
  request,
  onDismiss,
}: {
  /** null while the menu is closed. */
  request: TreeMenuRequest | null;
  onDismiss: () => void;
}) {
  const { actions, dialog } = useNodeActions(request?.node ?? null);
  return (
    <>
      {dialog}
      <Menu
        open={request !== null}
        onOpenChange={(_, data) => {
          if (!data.open) onDismiss();
        }}
        positioning={{ target: request?.target, position: 'below', align: 'start' }}
      >
        <MenuPopover>
          <MenuList aria-label={request ? `Actions for ${request.label}` : undefined}>
            {actions.map((action) => (
              <GuardedMenuItem
                key={action.id}
                icon={action.icon}
                deniedReason={action.deniedReason}
                onClick={() => {
                  action.run();
                  onDismiss();
                }}
              >
                {action.label}
              </GuardedMenuItem>
            ))}
          </MenuList>
        </MenuPopover>
      </Menu>
    </>
  );
}
