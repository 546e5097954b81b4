import { MAX_TEST_MESSAGE_BYTES, type TestMessageResult } from '@bts-console/domain';
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Select,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ArrowDownloadRegular, SendRegular } from '@fluentui/react-icons';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { GuardedButton } from '../../../components/guarded-button';
import { ApiError, errorMessage } from '../../../lib/api-client';
import { REQUIRES_OPERATORS, usePermissions } from '../../../lib/auth/permissions';
import { useProcessingServers } from '../api/get-processing-servers';
import { instanceOutputUrl } from '../api/instance-output';
import { useSendTestMessage } from '../api/send-test-message';
import { instanceErrorSummary } from '../instance-error-summary';
import { consolePaths } from '../../../lib/console-paths';

const useStyles = makeStyles({
  surface: { width: 'min(640px, calc(100vw - 32px))' },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  message: { fontFamily: tokens.fontFamilyMonospace },
  result: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  reason: { overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' },
  resultActions: { display: 'flex', gap: tokens.spacingHorizontalS, marginTop: tokens.spacingVerticalXS },
  link: { color: tokens.colorBrandForegroundLink },
});

const AUTOMATIC = '';
const encoder = new TextEncoder();

/** Why the message cannot go as typed, before the API is asked; null when it can. */
/** Ready to send: a test is about the port and its certificate, not about typing a message first. */
export const EXAMPLE_TEST_MESSAGE =
  '<Order xmlns="http://contoso.com/orders">\n  <OrderId>TEST-0001</OrderId>\n  <Quantity>1</Quantity>\n</Order>';

function messageProblem(message: string): string | null {
  if (message.length === 0) return 'Type the message to send, e.g. an order as a partner would receive it.';
  const size = encoder.encode(message).byteLength;
  if (size > MAX_TEST_MESSAGE_BYTES) {
    return `The message is ${size.toLocaleString()} bytes; a test message may be at most ${MAX_TEST_MESSAGE_BYTES.toLocaleString()} bytes (1 MB).`;
  }
  return null;
}

function SendTestMessageResult({ result }: { result: TestMessageResult }) {
  const styles = useStyles();
  if (result.status === 'Delivered') {
    return (
      <MessageBar intent="success" layout="multiline">
        <MessageBarBody className={styles.result}>
          <MessageBarTitle>Delivered</MessageBarTitle>
          {result.encrypted
            ? `${result.server ?? 'The server'} encrypted the message as S/MIME with the port's certificate and delivered it.`
            : `${result.server ?? 'The server'} delivered the message in clear text: the port has no encryption certificate.`}
          <span className={styles.resultActions}>
            <Button
              as="a"
              size="small"
              href={instanceOutputUrl(result.instanceId)}
              download
              icon={<ArrowDownloadRegular />}
            >
              Download output
            </Button>
          </span>
        </MessageBarBody>
      </MessageBar>
    );
  }
  return (
    <MessageBar intent="error" layout="multiline">
      <MessageBarBody className={styles.result}>
        <MessageBarTitle>Suspended (resumable)</MessageBarTitle>
        <span className={styles.reason}>
          {result.server ? `On ${result.server}: ` : ''}
          {instanceErrorSummary(result.error ?? null) || 'The message could not be delivered.'}
        </span>
        <span className={styles.resultActions}>
          <Link
            className={styles.link}
            // Leaving for another node unmounts the send port's list, and the dialog with it.
            to={consolePaths.suspendedInstances({ sendPort: result.sendPort, instance: result.instanceId })}
          >
            Open the instance in Suspended Instances
          </Link>
        </span>
      </MessageBarBody>
    </MessageBar>
  );
}

/** The dialog's body, a form so Enter on Send submits; mounted only while open, so each opening starts afresh. */
function SendTestMessageForm({ sendPortName, onClose }: { sendPortName: string; onClose: () => void }) {
  const styles = useStyles();
  const permissions = usePermissions();
  const servers = useProcessingServers(sendPortName);
  const send = useSendTestMessage();
  const [message, setMessage] = useState(EXAMPLE_TEST_MESSAGE);
  const [server, setServer] = useState(AUTOMATIC);
  const [showProblem, setShowProblem] = useState(false);

  const problem = messageProblem(message);
  const apiError = send.error instanceof ApiError ? send.error : null;
  const messageError = (showProblem ? problem : null) ?? apiError?.fieldMessage('') ?? undefined;
  const serverError = apiError?.fieldMessage('server');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!permissions.canOperate || send.isPending) return;
    setShowProblem(true);
    if (problem) return;
    send.mutate({ sendPort: sendPortName, message, server: server === AUTOMATIC ? null : server });
  };

  return (
    <form onSubmit={submit} noValidate>
      <DialogBody>
        <DialogTitle>Send test message - {sendPortName}</DialogTitle>
        <DialogContent className={styles.form}>
          <Field label="Message" required validationMessage={messageError}>
            <Textarea
              className={styles.message}
              resize="vertical"
              rows={8}
              value={message}
              onChange={(_, data) => setMessage(data.value)}
            />
          </Field>
          <Field
            label="Processing server"
            hint={
              servers.isError
                ? `The port's servers could not be listed: ${errorMessage(servers.error)}`
                : 'Automatic lets the servers that run the send handler take turns, as BizTalk does.'
            }
            validationMessage={serverError}
          >
            <Select value={server} onChange={(_, data) => setServer(data.value)}>
              <option value={AUTOMATIC}>Automatic (round robin)</option>
              {(servers.data ?? []).map((processingServer) => (
                <option key={processingServer.name} value={processingServer.name}>
                  {processingServer.hostInstanceState === 'Running'
                    ? processingServer.name
                    : `${processingServer.name} (host instance ${processingServer.hostInstanceState.toLocaleLowerCase()})`}
                </option>
              ))}
            </Select>
          </Field>
          <div aria-live="polite">
            {send.data && <SendTestMessageResult result={send.data} />}
            {send.isError && !messageError && !serverError && (
              <MessageBar intent="error" layout="multiline">
                <MessageBarBody>
                  <MessageBarTitle>Not sent</MessageBarTitle>
                  {errorMessage(send.error)}
                </MessageBarBody>
              </MessageBar>
            )}
          </div>
        </DialogContent>
        <DialogActions>
          <GuardedButton
            type="submit"
            appearance="primary"
            icon={<SendRegular />}
            disabled={send.isPending}
            deniedReason={permissions.canOperate ? null : REQUIRES_OPERATORS}
          >
            {send.isPending ? 'Sending…' : 'Send'}
          </GuardedButton>
          <Button onClick={onClose}>Close</Button>
        </DialogActions>
      </DialogBody>
    </form>
  );
}

/**
 * Sends a message through the port's send pipeline, as a partner system would, to see whether it
 * arrives encrypted or is suspended: the quickest proof that a newly assigned certificate works.
 */
export function SendTestMessageDialog({
  sendPortName,
  open,
  onOpenChange,
}: {
  sendPortName: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const styles = useStyles();
  return (
    <Dialog open={open} onOpenChange={(_, data) => onOpenChange(data.open)}>
      <DialogSurface className={styles.surface}>
        <SendTestMessageForm sendPortName={sendPortName} onClose={() => onOpenChange(false)} />
      </DialogSurface>
    </Dialog>
  );
}
