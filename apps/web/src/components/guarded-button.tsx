import { Button, Tooltip, type ButtonProps } from '@fluentui/react-components';

type GuardedButtonProps = ButtonProps & {
  /** Why the button cannot be used, e.g. the role it needs; the button is disabled but still focusable to tell. */
  deniedReason?: string | null;
};

/** A button the signed-in user may lack the role for: disabled, saying why, rather than hidden. */
export function GuardedButton({ deniedReason, ...props }: GuardedButtonProps) {
  if (!deniedReason) return <Button {...props} />;
  return (
    <Tooltip content={deniedReason} relationship="description" withArrow>
      <Button {...props} disabled={false} disabledFocusable onClick={undefined} />
    </Tooltip>
  );
}
