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
import { useEffect, useRef } from 'react';
import { formatDateTime } from '../../../lib/certificate-expiry';

/**
 * The API refused a certificate that is not valid yet (DESIGN §3 d). OK and Apply both end here, so the
 * choice is the same whichever was clicked. Cancel is the default: Enter must not suspend messages.
 */
export function NotYetValidDialog(props: {
  port: string;
  certificate: string;
  notBefore: string;
  /** Why scheduling is not offered here, if it is not; the button then says so and stays disabled. */
  scheduleUnavailable: string | null;
  busy: boolean;
  onCancel: () => void;
  onAssignAnyway: () => void;
  onSchedule: () => void;
}) {
  const cancelRef = useRef<HTMLButtonElement>(null);
  const date = formatDateTime(props.notBefore);
  useEffect(() => {
    cancelRef.current?.focus();
  }, []);
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
          <DialogTitle>Certificate not valid until {date}</DialogTitle>
          <DialogContent>
            <Text as="p" block>
              The certificate {props.certificate} is not valid until {date}.
            </Text>
            <Text as="p" block weight="semibold">
              If you assign it to send port {props.port} now, every message sent through it before {date} is
              suspended.
            </Text>
            <Text as="p" block>
              Schedule the change for {date} instead to switch the port when the certificate becomes valid.
            </Text>
            {props.scheduleUnavailable && (
              <Text as="p" block size={200}>
                {props.scheduleUnavailable}
              </Text>
            )}
          </DialogContent>
          <DialogActions>
            {/* First and primary, so that it has the focus and Enter cancels. */}
            <Button ref={cancelRef} appearance="primary" onClick={props.onCancel}>
              Cancel
            </Button>
            <Button disabled={props.busy} onClick={props.onAssignAnyway}>
              Assign anyway
            </Button>
            <Button disabled={props.busy || props.scheduleUnavailable !== null} onClick={props.onSchedule}>
              Schedule for {date}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
