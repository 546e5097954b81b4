import { MenuItem, Tooltip, type MenuItemProps } from '@fluentui/react-components';

type GuardedMenuItemProps = MenuItemProps & {
  /** Why the item cannot be used, e.g. the role it needs or the port's state. */
  deniedReason?: string | null;
};

/**
 * A menu item the user may not use now: disabled but focusable, with the reason as its accessible
 * description and as a tooltip, so the keyboard and the mouse both learn why.
 */
export function GuardedMenuItem({ deniedReason, ...props }: GuardedMenuItemProps) {
  if (!deniedReason) return <MenuItem {...props} />;
  return (
    <Tooltip content={deniedReason} relationship="description" withArrow positioning="after">
      <MenuItem {...props} disabled onClick={undefined} />
    </Tooltip>
  );
}
