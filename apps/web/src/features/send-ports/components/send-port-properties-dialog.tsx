import {
  PreconditionFailedSchema,
  formatThumbprintDisplay,
  normalizeThumbprint,
  type PreconditionFailed,
  type SendPort,
  type Warning,
} from '@bts-console/domain';
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Tab,
  TabList,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { GuardedButton } from '../../../components/guarded-button';
import { useNotify } from '../../../components/notify';
import { QueryError } from '../../../components/query-error';
import { ApiError, errorMessage } from '../../../lib/api-client';
import { formatDateTime } from '../../../lib/certificate-expiry';
import { REQUIRES_ADMINISTRATORS, usePermissions } from '../../../lib/auth/permissions';
import { SEND_PORT_PAGES, type SendPortPage } from '../../../lib/console-paths';
import { useAssignCertificate } from '../api/assign-certificate';
import { sendPortQueryOptions, useSendPort } from '../api/get-send-port';
import { useRemoveCertificate } from '../api/remove-certificate';
import { draftChange, draftFromPort, type CertificateDraft } from '../certificate-draft';
import { CertificatePage, type PresencePanelRenderer } from './certificate-page';
import { MissingOnServersDialog } from './missing-on-servers-dialog';
import { NotYetValidDialog } from './not-yet-valid-dialog';
import {
  BackupTransportPage,
  FiltersPage,
  GeneralPage,
  OutboundMapsPage,
  TrackingPage,
  TransportAdvancedOptionsPage,
} from './read-only-pages';
import { SendPortConflict } from './send-port-conflict';

/** Refusals that concern the thumbprint: shown under the field, in the API's words. */
const THUMBPRINT_REFUSALS = new Set([
  'invalid-thumbprint',
  'certificate-not-found',
  'certificate-expired',
  'certificate-not-for-encryption',
  'acknowledgement-mismatch',
]);

/** What a save acknowledges (DESIGN §3 c, d), gathered as the API asks for each. */
type Acknowledgements = { missingOn?: string[]; notYetValid?: boolean };

/** Schedules the port's change of certificate for a time, through the replacements API (DESIGN §12). */
export type ScheduleAssignment = (request: {
  port: string;
  etag: string;
  from: string;
  to: string;
  at: string;
}) => Promise<void>;

export type SelectCertificateRenderer = (props: {
  open: boolean;
  /** The port the certificate is for: the picker marks the certificates it cannot use. */
  sendPort: string;
  onSelect: (certificate: { thumbprint: string; commonName: string | null }) => void;
  onClose: () => void;
}) => ReactNode;

const useStyles = makeStyles({
  surface: { width: 'min(980px, 96vw)', maxWidth: 'min(980px, 96vw)' },
  content: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    height: 'min(560px, 64vh)',
  },
  tabs: { borderBottom: `1px solid ${tokens.colorNeutralStroke2}`, flex: '0 0 auto' },
  page: {
    flex: '1 1 auto',
    overflow: 'auto',
    paddingRight: tokens.spacingHorizontalS,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    // A long message above the page must push it down, never be squeezed under it.
    '& > *': { flexShrink: 0 },
  },
});

/**
 * Send Port Properties, with BizTalk's pages. Certificate is the one page that edits; OK and Apply send
 * the change with the ETag the dialog read, so a change made meanwhile by someone else is never overwritten.
 */
export function SendPortPropertiesDialog(props: {
  name: string;
  page: SendPortPage;
  onPageChange: (page: SendPortPage) => void;
  onClose: (warnings?: Warning[]) => void;
  localComputer: string | null;
  renderSelectCertificate: SelectCertificateRenderer;
  renderPresencePanel: PresencePanelRenderer;
  /** Offered when a certificate is not valid yet: switch the port on that date instead. */
  scheduleAssignment?: ScheduleAssignment;
}) {
  const styles = useStyles();
  const queryClient = useQueryClient();
  const notify = useNotify();
  const permissions = usePermissions();
  const sendPort = useSendPort(props.name);
  const assign = useAssignCertificate();
  const remove = useRemoveCertificate();
  const thumbprintRef = useRef<HTMLInputElement>(null);

  const [opened, setOpened] = useState<{ port: SendPort; etag: string } | null>(null);
  const [draft, setDraft] = useState<CertificateDraft | null>(null);
  const [apiFieldError, setApiFieldError] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [conflict, setConflict] = useState<PreconditionFailed | null>(null);
  const [missingOn, setMissingOn] = useState<{
    servers: string[];
    closeAfter: boolean;
    acknowledged: Acknowledgements;
  } | null>(null);
  const [notYetValid, setNotYetValid] = useState<{
    notBefore: string;
    closeAfter: boolean;
    acknowledged: Acknowledgements;
  } | null>(null);
  const [scheduling, setScheduling] = useState(false);
  const [warnings, setWarnings] = useState<Warning[]>([]);
  const [browsing, setBrowsing] = useState(false);

  // The draft starts from the port as read, and again after each save or reload (a new ETag).
  const loaded = sendPort.data;
  useEffect(() => {
    if (!loaded || loaded.etag === opened?.etag) return;
    setOpened(loaded);
    setDraft(draftFromPort(loaded.port));
    setConflict(null);
    setApiFieldError(null);
  }, [loaded, opened?.etag]);

  const port = opened?.port ?? null;
  const change = port && draft ? draftChange(port, draft) : 'none';
  const saving = assign.isPending || remove.isPending;
  const canEdit = permissions.canChangeConfiguration;

  const onDraftChange = (next: CertificateDraft) => {
    setDraft(next);
    setApiFieldError(null);
    setFailure(null);
  };

  const showThumbprintError = (message: string) => {
    setApiFieldError(message);
    props.onPageChange('certificate');
    window.setTimeout(() => thumbprintRef.current?.focus(), 0);
  };

  const onRefused = (error: unknown, closeAfter: boolean, acknowledged: Acknowledgements = {}) => {
    if (!(error instanceof ApiError)) return setFailure(error);
    if (error.status === 412) {
      const parsed = PreconditionFailedSchema.safeParse(error.body);
      if (parsed.success) return setConflict(parsed.data);
      void sendPort.refetch();
      return setFailure(error);
    }
    if (error.code === 'certificate-missing-on-servers') {
      const servers = Array.isArray(error.body.servers) ? error.body.servers.map(String) : [];
      return setMissingOn({ servers, closeAfter, acknowledged });
    }
    if (error.code === 'certificate-not-yet-valid' && typeof error.body.notBefore === 'string') {
      return setNotYetValid({ notBefore: error.body.notBefore, closeAfter, acknowledged });
    }
    const fieldMessage = error.fieldMessage('thumbprint');
    if (fieldMessage || THUMBPRINT_REFUSALS.has(error.code))
      return showThumbprintError(fieldMessage ?? error.detail);
    setFailure(error);
  };

  const save = (closeAfter: boolean, acknowledged: Acknowledgements = {}) => {
    if (!opened || !draft) return;
    setFailure(null);
    setWarnings([]);
    if (change === 'none') {
      if (closeAfter) props.onClose();
      return;
    }
    const done = (result: { change: { warnings: Warning[] } }, message: string) => {
      notify('success', message);
      if (closeAfter) props.onClose(result.change.warnings);
      else setWarnings(result.change.warnings);
    };
    if (change === 'remove') {
      remove.mutate(
        { name: props.name, etag: opened.etag },
        {
          onSuccess: (result) => done(result, `Certificate removed from ${props.name}`),
          onError: (error) => onRefused(error, closeAfter),
        },
      );
      return;
    }
    const local = normalizeThumbprint(draft.thumbprintText);
    if (!local.ok) return showThumbprintError(local.error.message);
    assign.mutate(
      {
        name: props.name,
        etag: opened.etag,
        request: {
          thumbprint: draft.thumbprintText,
          ...(acknowledged.missingOn ? { acknowledgeMissingOn: acknowledged.missingOn } : {}),
          ...(acknowledged.notYetValid ? { acknowledgeNotYetValid: true } : {}),
        },
      },
      {
        onSuccess: (result) =>
          done(result, `${result.change.certificate?.commonName ?? 'Certificate'} assigned to ${props.name}`),
        onError: (error) => onRefused(error, closeAfter, acknowledged),
      },
    );
  };

  const scheduleUnavailable = !props.scheduleAssignment
    ? 'Scheduling is not available here.'
    : !port?.certificate
      ? 'Only a change from one certificate to another can be scheduled; this port has no certificate now. Assign it on that date, or assign it anyway now.'
      : null;

  const schedule = (at: string, closeAfter: boolean) => {
    const from = port?.certificate?.thumbprint;
    const to = draft ? normalizeThumbprint(draft.thumbprintText) : null;
    if (!opened || !from || !to?.ok || !props.scheduleAssignment) return;
    setScheduling(true);
    props
      .scheduleAssignment({ port: props.name, etag: opened.etag, from, to: to.thumbprint, at })
      .then(
        () => {
          setNotYetValid(null);
          notify('success', `${props.name} switches to the new certificate on ${formatDateTime(at)}`);
          if (closeAfter) props.onClose();
        },
        (error: unknown) => {
          setNotYetValid(null);
          setFailure(error);
        },
      )
      .finally(() => setScheduling(false));
  };

  const reload = () => {
    setConflict(null);
    void queryClient.invalidateQueries({ queryKey: sendPortQueryOptions(props.name).queryKey });
  };

  const renderPage = (current: SendPort): ReactNode => {
    switch (props.page) {
      case 'general':
        return <GeneralPage port={current} />;
      case 'transport-advanced-options':
        return <TransportAdvancedOptionsPage port={current} />;
      case 'backup-transport':
        return <BackupTransportPage port={current} />;
      case 'outbound-maps':
        return <OutboundMapsPage port={current} />;
      case 'filters':
        return <FiltersPage port={current} />;
      case 'tracking':
        return <TrackingPage port={current} />;
      case 'certificate':
        return draft ? (
          <CertificatePage
            port={current}
            draft={draft}
            onDraftChange={onDraftChange}
            canEdit={canEdit}
            apiFieldError={apiFieldError}
            localComputer={props.localComputer}
            onBrowse={() => setBrowsing(true)}
            renderPresencePanel={props.renderPresencePanel}
            thumbprintRef={thumbprintRef}
          />
        ) : null;
    }
  };

  return (
    <Dialog
      open
      modalType="modal"
      onOpenChange={(_, data) => {
        if (!data.open) props.onClose();
      }}
    >
      <DialogSurface className={styles.surface}>
        {/* A form, so Enter in the Thumbprint box is OK, as in a Windows property sheet. */}
        <form
          onSubmit={(event) => {
            event.preventDefault();
            save(true);
          }}
        >
          <DialogBody>
            <DialogTitle>Send Port Properties - {props.name}</DialogTitle>
            <DialogContent className={styles.content}>
              <TabList
                size="small"
                className={styles.tabs}
                selectedValue={props.page}
                onTabSelect={(_, data) => props.onPageChange(data.value as SendPortPage)}
              >
                {SEND_PORT_PAGES.map((page) => (
                  <Tab key={page.segment} value={page.segment}>
                    {page.label}
                  </Tab>
                ))}
              </TabList>
              <div
                className={styles.page}
                role="tabpanel"
                aria-label={SEND_PORT_PAGES.find((page) => page.segment === props.page)?.label}
              >
                {sendPort.isPending && <Spinner size="small" label="Reading the send port…" />}
                {sendPort.isError && (
                  <QueryError
                    error={sendPort.error}
                    title={`${props.name} could not be read`}
                    onRetry={() => void sendPort.refetch()}
                  />
                )}
                {conflict && port && draft && (
                  <SendPortConflict conflict={conflict} opened={port} draft={draft} onReload={reload} />
                )}
                {failure !== null && (
                  <MessageBar intent="error" layout="multiline">
                    <MessageBarBody>
                      <MessageBarTitle>Not saved</MessageBarTitle>
                      {errorMessage(failure)}
                    </MessageBarBody>
                  </MessageBar>
                )}
                {warnings.length > 0 && (
                  <MessageBar intent="warning" layout="multiline">
                    <MessageBarBody>
                      <MessageBarTitle>
                        Saved, with {warnings.length === 1 ? 'a warning' : `${warnings.length} warnings`}
                      </MessageBarTitle>
                      {warnings.map((warning) => (
                        <div key={warning.code}>{warning.message}</div>
                      ))}
                    </MessageBarBody>
                  </MessageBar>
                )}
                {port && renderPage(port)}
              </div>
            </DialogContent>
            <DialogActions>
              <Button appearance="primary" type="submit" disabled={saving || !port}>
                OK
              </Button>
              <Button onClick={() => props.onClose()}>Cancel</Button>
              <GuardedButton
                deniedReason={canEdit ? null : REQUIRES_ADMINISTRATORS}
                disabled={saving || change === 'none' || conflict !== null}
                onClick={() => save(false)}
              >
                Apply
              </GuardedButton>
            </DialogActions>
          </DialogBody>
        </form>
        {props.renderSelectCertificate({
          open: browsing,
          sendPort: props.name,
          onClose: () => setBrowsing(false),
          onSelect: (certificate) => {
            setBrowsing(false);
            onDraftChange({
              thumbprintText: formatThumbprintDisplay(certificate.thumbprint),
              commonName: certificate.commonName,
              removed: false,
            });
          },
        })}
        {missingOn && (
          <MissingOnServersDialog
            port={props.name}
            servers={missingOn.servers}
            onCancel={() => setMissingOn(null)}
            onConfirm={() => {
              const { servers, closeAfter, acknowledged } = missingOn;
              setMissingOn(null);
              save(closeAfter, { ...acknowledged, missingOn: servers });
            }}
          />
        )}
        {notYetValid && (
          <NotYetValidDialog
            port={props.name}
            certificate={draft?.commonName ?? draft?.thumbprintText.trim() ?? ''}
            notBefore={notYetValid.notBefore}
            scheduleUnavailable={scheduleUnavailable}
            busy={scheduling}
            onCancel={() => setNotYetValid(null)}
            onAssignAnyway={() => {
              const { closeAfter, acknowledged } = notYetValid;
              setNotYetValid(null);
              save(closeAfter, { ...acknowledged, notYetValid: true });
            }}
            onSchedule={() => schedule(notYetValid.notBefore, notYetValid.closeAfter)}
          />
        )}
      </DialogSurface>
    </Dialog>
  );
}
