import type { SendPortOperation, SendPortRow } from '@bts-console/domain';
import {
  Menu,
  MenuDivider,
  MenuItem,
  MenuList,
  MenuPopover,
  type PositioningVirtualElement,
} from '@fluentui/react-components';
import { MailArrowUpRegular, WindowRegular } from '@fluentui/react-icons';
import { GuardedMenuItem } from '../../../components/guarded-menu-item';
import type { ContextMenuTarget } from '../../../components/results-grid';
import type { SendPortOperationState } from '../hooks/use-send-port-operations';

/** A right-click, Shift+F10 or the Menu key on a port's row. */
export type SendPortMenuRequest = { port: SendPortRow; target: ContextMenuTarget; fromKeyboard: boolean };

/** A port's context menu, as in the BizTalk console: Properties, the state changes, Send test message. */
export function SendPortContextMenu({
  request,
  states,
  testMessageDenied,
  onProperties,
  onOperation,
  onSendTestMessage,
  onDismiss,
}: {
  /** null while the menu is closed. */
  request: SendPortMenuRequest | null;
  states: SendPortOperationState[];
  testMessageDenied: string | null;
  onProperties: (port: SendPortRow) => void;
  onOperation: (port: SendPortRow, operation: SendPortOperation) => void;
  onSendTestMessage: (port: SendPortRow) => void;
  onDismiss: () => void;
}) {
  return (
    <Menu
      open={request !== null}
      onOpenChange={(_, data) => {
        if (!data.open) onDismiss();
      }}
      positioning={{
        target: request?.target as HTMLElement | PositioningVirtualElement | undefined,
        position: 'below',
        align: 'start',
      }}
    >
      <MenuPopover>
        <MenuList aria-label={request ? `Actions for ${request.port.name}` : undefined}>
          <MenuItem
            icon={<WindowRegular />}
            onClick={() => {
              if (request) onProperties(request.port);
            }}
          >
            Properties
          </MenuItem>
          <MenuDivider />
          {request &&
            states.map((state) => (
              <GuardedMenuItem
                key={state.operation}
                deniedReason={state.reason}
                onClick={() => onOperation(request.port, state.operation)}
              >
                {state.label}
              </GuardedMenuItem>
            ))}
          <MenuDivider />
          {request && (
            <GuardedMenuItem
              icon={<MailArrowUpRegular />}
              deniedReason={testMessageDenied}
              onClick={() => onSendTestMessage(request.port)}
            >
              Send test message
            </GuardedMenuItem>
          )}
        </MenuList>
      </MenuPopover>
    </Menu>
  );
}
