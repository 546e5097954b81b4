import { useInitialFocus } from '../../../components/use-initial-focus';
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Text,
} from '@fluentui/react-components';

function listOf(names: string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * The API refused because a processing server lacks the certificate. Saving anyway must name exactly those
 * servers, so the administrator confirms knowing which messages will be suspended where.
 */
export function MissingOnServersDialog(props: {
  port: string;
  servers: string[];
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const servers = listOf(props.servers);
  const cancel = useInitialFocus<HTMLButtonElement>(true);
  return (
    <Dialog
      open
      modalType="alert"
      onOpenChange={(_, data) => {
        if (!data.open) props.onCancel();
      }}
    >
      <DialogSurface>
        <DialogBody>
          <DialogTitle>Certificate missing on {servers}</DialogTitle>
          <DialogContent>
            <Text as="p" block>
              The certificate is not in the Other People store of {servers}, which{' '}
              {props.servers.length === 1 ? 'processes' : 'process'} send port {props.port}.
            </Text>
            <Text as="p" block weight="semibold">
              If you assign it anyway, messages to this port will be suspended on {servers} until the
              certificate is installed there.
            </Text>
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" onClick={props.onConfirm}>
              Assign anyway
            </Button>
            <Button ref={cancel} onClick={props.onCancel}>
              Cancel
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
