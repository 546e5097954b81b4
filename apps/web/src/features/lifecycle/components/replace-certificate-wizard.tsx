import {
  apiPath,
  ChangedPortSchema,
  ReplacementPortReasonSchema,
  type ReplacementResult,
  type ScheduledReplacement,
  type StoreCertificateSummary,
} from '@bts-console/domain';
import {
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Radio,
  RadioGroup,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ArrowDownloadRegular, ArrowUploadRegular } from '@fluentui/react-icons';
import { useQueries, type UseQueryResult } from '@tanstack/react-query';
import { useMemo, useRef, useState } from 'react';
import { z } from 'zod';
import { QueryError } from '../../../components/query-error';
import { ResultsGrid, type ResultsColumn } from '../../../components/results-grid';
import { ApiError, errorMessage } from '../../../lib/api-client';
import { formatDate, formatDateTime, hasExpired } from '../../../lib/certificate-expiry';
import { toInstant, toLocalInput } from '../../../lib/local-time';
import { useApplyReplacement, useScheduleReplacement } from '../api/create-replacement';
import { useReplacementPreview } from '../api/preview-replacement';
import { PreviewTable, missingServers, type Acknowledged } from './replacement-preview-table';

/** A certificate that could succeed the old one, with the stores that hold it. */
export type SuccessorCandidate = StoreCertificateSummary & { computers: string[] };

/** What the route gives the wizard from the stores (DESIGN §12: "from any store, or imported on the spot"). */
export type StoreAccess = {
  computers: string[];
  /** The computer an imported certificate goes to: the local one, as Browse... reads. */
  localComputer: string | null;
  /** The key the store's list is kept under, shared with the store's own view. */
  storeKey: (computer: string) => readonly unknown[];
  loadStore: (computer: string, signal: AbortSignal) => Promise<{ items: StoreCertificateSummary[] }>;
  importCertificate: (computer: string, file: File) => Promise<StoreCertificateSummary>;
};

const useStyles = makeStyles({
  surface: { width: 'min(1100px, 96vw)', maxWidth: 'min(1100px, 96vw)' },
  content: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    height: 'min(600px, 70vh)',
    overflow: 'auto',
    '& > *': { flexShrink: 0 },
  },
  grow: { flex: '1 1 auto', minHeight: '240px', display: 'flex', flexDirection: 'column' },
  steps: { color: tokens.colorNeutralForeground3 },
  row: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center', flexWrap: 'wrap' },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
});

/** The length of a minute in milliseconds, for rounding the schedule's time up to a whole minute. */
const MS_PER_MINUTE = 60_000;

const STEPS = ['Successor', 'Preview', 'Apply or schedule', 'Result'] as const;
type Step = 1 | 2 | 3 | 4;

type Outcome =
  { kind: 'applied'; result: ReplacementResult } | { kind: 'scheduled'; scheduled: ScheduledReplacement };

const CandidateColumns: ResultsColumn<SuccessorCandidate>[] = [
  {
    id: 'issuedTo',
    title: 'Issued To',
    width: 200,
    text: (certificate) => certificate.subjectCommonName ?? certificate.subject,
  },
  {
    id: 'issuedBy',
    title: 'Issued By',
    width: 150,
    text: (certificate) => certificate.issuerCommonName ?? '',
  },
  {
    id: 'notBefore',
    title: 'Valid From',
    width: 110,
    text: (certificate) => formatDate(certificate.notBefore),
    compare: (a, b) => Date.parse(a.notBefore) - Date.parse(b.notBefore),
  },
  {
    id: 'notAfter',
    title: 'Expiration Date',
    width: 120,
    text: (certificate) => formatDate(certificate.notAfter),
    compare: (a, b) => Date.parse(a.notAfter) - Date.parse(b.notAfter),
  },
  { id: 'stores', title: 'In the stores of', width: 150, text: (c) => c.computers.join(', ') },
  { id: 'thumbprint', title: 'Thumbprint', width: 200, grow: true, text: (c) => c.thumbprint },
];

const ProblemMembersSchema = z.object({
  changedPorts: z.array(ChangedPortSchema).optional(),
  refusedPorts: z.array(ReplacementPortReasonSchema.extend({ name: z.string() })).optional(),
});

/** Every certificate of the stores but the one being replaced, once, with the computers that hold it. */
function mergeStores(
  computers: string[],
  stores: UseQueryResult<{ items: StoreCertificateSummary[] }>[],
  replaced: string,
): SuccessorCandidate[] {
  const byThumbprint = new Map<string, SuccessorCandidate>();
  computers.forEach((computer, index) => {
    for (const certificate of stores[index]?.data?.items ?? []) {
      if (certificate.thumbprint === replaced) continue;
      const known = byThumbprint.get(certificate.thumbprint);
      if (known) known.computers.push(computer);
      else byThumbprint.set(certificate.thumbprint, { ...certificate, computers: [computer] });
    }
  });
  return [...byThumbprint.values()];
}

/**
 * Replace certificate (DESIGN §12): pick the successor, see what every port that uses the old certificate
 * would do with it, then apply on all of them at once or schedule it, and take the binding files along.
 */
export function ReplaceCertificateWizard(props: {
  from: string;
  fromName: string;
  to: string | null;
  onPickSuccessor: (thumbprint: string | null) => void;
  onClose: () => void;
  stores: StoreAccess;
}) {
  const styles = useStyles();
  const [step, setStep] = useState<Step>(props.to ? 2 : 1);
  const [picked, setPicked] = useState<string | null>(props.to);
  const [acknowledged, setAcknowledged] = useState<Acknowledged>({});
  const [when, setWhen] = useState<'now' | 'at'>('now');
  const [at, setAt] = useState('');
  const [notYetValidAcknowledged, setNotYetValidAcknowledged] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [refusal, setRefusal] = useState<unknown>(null);
  const [importing, setImporting] = useState<string | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);

  const { computers } = props.stores;
  const storeQueries = useQueries({
    queries: computers.map((computer) => ({
      queryKey: props.stores.storeKey(computer),
      queryFn: ({ signal }: { signal: AbortSignal }) => props.stores.loadStore(computer, signal),
      enabled: step === 1,
    })),
  });
  // The stores' answers change only when one is read again: that is when the candidates are merged anew
  // (storesRead stands for storeQueries' data, whose array is new on every render).
  const storesRead = storeQueries.map((query) => query.dataUpdatedAt).join();
  const candidates = useMemo(
    () => mergeStores(computers, storeQueries, props.from),
    [computers, props.from, storesRead],
  );
  const storesLoading = step === 1 && storeQueries.some((query) => query.isPending);
  const storeError = storeQueries.find((query) => query.isError)?.error ?? null;

  const preview = useReplacementPreview(props.from, step >= 2 ? picked : null);
  const apply = useApplyReplacement();
  const schedule = useScheduleReplacement();
  const busy = apply.isPending || schedule.isPending;

  const successor = preview.data?.to ?? null;
  const notBefore = successor?.notBefore ?? null;
  // The server's clock decides, not the browser's: a port's §3 verdict says whether it is valid yet.
  const notYetValid =
    preview.data?.ports.some(
      (port) =>
        port.reason?.code === 'certificate-not-yet-valid' ||
        port.warnings.some((warning) => warning.code === 'certificate-not-yet-valid'),
    ) ?? false;
  const refused = preview.data?.ports.filter((port) => port.outcome === 'refused') ?? [];
  const unacknowledged =
    preview.data?.ports.filter((port) =>
      missingServers(port).some((server) => !(acknowledged[port.name] ?? []).includes(server)),
    ) ?? [];

  const goToPreview = () => {
    if (!picked) return;
    setAcknowledged({});
    setRefusal(null);
    props.onPickSuccessor(picked);
    setStep(2);
  };

  const goToWhen = () => {
    setWhen(notYetValid ? 'at' : 'now');
    // The box has minutes, not seconds: the minute after Not Before, or the time would be before it.
    setAt(
      notYetValid && notBefore
        ? toLocalInput(
            new Date(Math.ceil(Date.parse(notBefore) / MS_PER_MINUTE) * MS_PER_MINUTE).toISOString(),
          )
        : '',
    );
    setNotYetValidAcknowledged(false);
    setStep(3);
  };

  const previewAgain = () => {
    setRefusal(null);
    setAcknowledged({});
    setStep(2);
    void preview.refetch();
  };

  const submit = () => {
    if (!preview.data || !picked) return;
    setRefusal(null);
    const acknowledgeMissingOn = Object.fromEntries(
      Object.entries(acknowledged).filter(([, servers]) => servers.length > 0),
    );
    const request = {
      from: props.from,
      to: picked,
      ports: preview.data.ports.map((port) => ({ name: port.name, etag: port.etag })),
      ...(Object.keys(acknowledgeMissingOn).length > 0 ? { acknowledgeMissingOn } : {}),
    };
    if (when === 'now') {
      apply.mutate(
        { ...request, ...(notYetValid ? { acknowledgeNotYetValid: notYetValidAcknowledged } : {}) },
        {
          onSuccess: (result) => {
            setOutcome({ kind: 'applied', result });
            setStep(4);
          },
          onError: setRefusal,
        },
      );
      return;
    }
    const instant = toInstant(at);
    if (!instant) return;
    schedule.mutate(
      { ...request, at: instant },
      {
        onSuccess: (scheduled) => {
          setOutcome({ kind: 'scheduled', scheduled });
          setStep(4);
        },
        onError: setRefusal,
      },
    );
  };

  const importFile = (file: File) => {
    const computer = props.stores.localComputer;
    if (!computer) return;
    setImporting(`Importing ${file.name} into ${computer}…`);
    props.stores.importCertificate(computer, file).then(
      (certificate) => {
        setImporting(null);
        setPicked(certificate.thumbprint);
        props.onPickSuccessor(certificate.thumbprint);
        setAcknowledged({});
        setStep(2);
      },
      (error: unknown) => setImporting(`${file.name} was not imported: ${errorMessage(error)}`),
    );
  };

  const problemMembers =
    refusal instanceof ApiError ? ProblemMembersSchema.safeParse(refusal.body).data : undefined;
  const atTime = at ? new Date(at) : null;
  const canSubmit =
    !busy &&
    preview.data !== undefined &&
    refused.length === 0 &&
    unacknowledged.length === 0 &&
    (when === 'now'
      ? !notYetValid || notYetValidAcknowledged
      : atTime !== null && !Number.isNaN(atTime.getTime()));

  const affectedApplications = [
    ...new Set((outcome?.kind === 'applied' ? outcome.result.ports : []).map((port) => port.application)),
  ].sort();

  return (
    <Dialog
      open
      modalType="modal"
      onOpenChange={(_, data) => {
        if (!data.open) props.onClose();
      }}
    >
      <DialogSurface className={styles.surface}>
        <DialogBody>
          <DialogTitle>Replace certificate - {props.fromName}</DialogTitle>
          <DialogContent className={styles.content}>
            <Text className={styles.steps} aria-live="polite">
              Step {step} of 4: {STEPS[step - 1]}
            </Text>

            {step === 1 && (
              <>
                <Text>
                  Pick the certificate that replaces {props.fromName} on every send port that uses it, from
                  the Other People store of any computer, or import it.
                </Text>
                <div className={styles.row}>
                  <Button
                    icon={<ArrowUploadRegular />}
                    disabled={!props.stores.localComputer}
                    onClick={() => fileRef.current?.click()}
                  >
                    Import certificate...
                  </Button>
                  <input
                    ref={fileRef}
                    type="file"
                    hidden
                    aria-label="Certificate file to import"
                    accept=".cer,.crt,.pem,.der"
                    onChange={(event) => {
                      const file = event.target.files?.[0];
                      event.target.value = '';
                      if (file) importFile(file);
                    }}
                  />
                  {importing && <Text role="status">{importing}</Text>}
                </div>
                <div className={styles.grow}>
                  <ResultsGrid
                    label="Successor candidates"
                    filterLabel="Filter certificates"
                    items={storesLoading ? undefined : candidates}
                    columns={CandidateColumns}
                    getRowId={(certificate) => certificate.thumbprint}
                    isLoading={storesLoading}
                    error={
                      storeError ? <QueryError error={storeError} title="A store could not be read" /> : null
                    }
                    emptyMessage="No other certificate is in any store. Import the successor."
                    rowClassName={(certificate) => (hasExpired(certificate.notAfter) ? 'expired' : undefined)}
                    selectedId={picked}
                    onSelect={(certificate) => setPicked(certificate.thumbprint)}
                    onOpen={(certificate) => {
                      setPicked(certificate.thumbprint);
                      props.onPickSuccessor(certificate.thumbprint);
                      setAcknowledged({});
                      setStep(2);
                    }}
                  />
                </div>
              </>
            )}

            {step === 2 && (
              <>
                {preview.isPending && <Spinner size="small" label="Previewing the replacement…" />}
                {preview.isError && (
                  <QueryError
                    error={preview.error}
                    title="The replacement could not be previewed"
                    onRetry={() => void preview.refetch()}
                  />
                )}
                {preview.data && (
                  <>
                    <Text>
                      Nothing has changed yet. Replacing{' '}
                      <strong>{preview.data.from.commonName ?? preview.data.from.thumbprint}</strong> with{' '}
                      <strong>{preview.data.to.commonName ?? preview.data.to.thumbprint}</strong> (
                      <span className={styles.mono}>{preview.data.to.thumbprint}</span>, valid{' '}
                      {formatDate(preview.data.to.notBefore)} to {formatDate(preview.data.to.notAfter)}) on{' '}
                      {preview.data.ports.length}{' '}
                      {preview.data.ports.length === 1 ? 'send port' : 'send ports'}:
                    </Text>
                    {notYetValid && notBefore && (
                      <MessageBar intent="warning" layout="multiline">
                        <MessageBarBody>
                          <MessageBarTitle>Not valid until {formatDateTime(notBefore)}</MessageBarTitle>
                          Messages sent through these ports before then would be suspended. Schedule the
                          replacement for that date in the next step.
                        </MessageBarBody>
                      </MessageBar>
                    )}
                    {refused.length > 0 && (
                      <MessageBar intent="error" layout="multiline">
                        <MessageBarBody>
                          <MessageBarTitle>
                            {refused.length} {refused.length === 1 ? 'port refuses' : 'ports refuse'} this
                            certificate
                          </MessageBarTitle>
                          A replacement changes every port or none; pick another successor.
                        </MessageBarBody>
                      </MessageBar>
                    )}
                    <PreviewTable
                      ports={preview.data.ports}
                      acknowledged={acknowledged}
                      onAcknowledgedChange={setAcknowledged}
                    />
                  </>
                )}
              </>
            )}

            {step === 3 && preview.data && (
              <>
                <Field label="When">
                  <RadioGroup value={when} onChange={(_, data) => setWhen(data.value as 'now' | 'at')}>
                    <Radio value="now" label="Apply now, on every port at once" />
                    <Radio value="at" label="Schedule for a date and time" />
                  </RadioGroup>
                </Field>
                {when === 'at' && (
                  <Field
                    label="Date and time"
                    hint="The scheduler replaces the certificate then, after checking every rule again; if a port changed meanwhile, nothing changes and an alert says why."
                  >
                    <Input type="datetime-local" value={at} onChange={(_, data) => setAt(data.value)} />
                  </Field>
                )}
                {when === 'now' && notYetValid && notBefore && (
                  <Checkbox
                    checked={notYetValidAcknowledged}
                    onChange={(_, data) => setNotYetValidAcknowledged(data.checked === true)}
                    label={`Assign anyway: messages sent before ${formatDateTime(notBefore)} are suspended`}
                  />
                )}
                <Text>
                  {preview.data.ports.length} {preview.data.ports.length === 1 ? 'send port' : 'send ports'}{' '}
                  change together, in one transaction, as previewed. If one changed since the preview, nothing
                  changes and you are asked to preview again.
                </Text>
              </>
            )}

            {refusal !== null && (
              <MessageBar intent="error" layout="multiline">
                <MessageBarBody>
                  <MessageBarTitle>Nothing was changed</MessageBarTitle>
                  {errorMessage(refusal)}
                  {(problemMembers?.changedPorts?.length ?? 0) > 0 && (
                    <ul className={styles.list}>
                      {problemMembers?.changedPorts?.map((port) => (
                        <li key={port.name}>
                          {port.name}: {port.change.replace(/-/g, ' ')}
                        </li>
                      ))}
                    </ul>
                  )}
                  {(problemMembers?.refusedPorts?.length ?? 0) > 0 && (
                    <ul className={styles.list}>
                      {problemMembers?.refusedPorts?.map((port) => (
                        <li key={port.name}>
                          {port.name}: {port.message}
                        </li>
                      ))}
                    </ul>
                  )}
                </MessageBarBody>
              </MessageBar>
            )}

            {step === 4 && outcome?.kind === 'scheduled' && (
              <MessageBar intent="success" layout="multiline">
                <MessageBarBody>
                  <MessageBarTitle>Scheduled for {formatDateTime(outcome.scheduled.at)}</MessageBarTitle>
                  {outcome.scheduled.ports.length}{' '}
                  {outcome.scheduled.ports.length === 1 ? 'send port switches' : 'send ports switch'} to{' '}
                  {outcome.scheduled.to.commonName ?? outcome.scheduled.to.thumbprint} then. It is listed
                  under Scheduled replacements, where it can be cancelled until it runs.
                </MessageBarBody>
              </MessageBar>
            )}

            {step === 4 && outcome?.kind === 'applied' && (
              <>
                <MessageBar intent="success" layout="multiline">
                  <MessageBarBody>
                    <MessageBarTitle>
                      Replaced on {outcome.result.ports.length}{' '}
                      {outcome.result.ports.length === 1 ? 'send port' : 'send ports'}
                    </MessageBarTitle>
                    All changed in one transaction; the audit log records them under batch{' '}
                    <span className={styles.mono}>{outcome.result.batchId}</span>.
                  </MessageBarBody>
                </MessageBar>
                <PreviewTable ports={outcome.result.ports} result />
                <Text weight="semibold">Binding files of the affected applications</Text>
                <Text size={200}>
                  Developers keep binding files with the certificate&apos;s thumbprint: give them these so the
                  next deployment does not put the old one back.
                </Text>
                <div className={styles.row}>
                  {affectedApplications.map((application) => (
                    <a
                      key={application}
                      href={apiPath`/api/applications/${application}/bindings`}
                      download={`${application}.BindingInfo.xml`}
                    >
                      <ArrowDownloadRegular aria-hidden /> {application}.BindingInfo.xml
                    </a>
                  ))}
                </div>
              </>
            )}
          </DialogContent>
          <DialogActions>
            {step === 2 && (
              <Button onClick={() => setStep(1)} disabled={busy}>
                Back
              </Button>
            )}
            {step === 3 && (
              <Button onClick={() => setStep(2)} disabled={busy}>
                Back
              </Button>
            )}
            {step === 1 && (
              <Button appearance="primary" disabled={!picked} onClick={goToPreview}>
                Next
              </Button>
            )}
            {step === 2 && (
              <Button
                appearance="primary"
                disabled={!preview.data || refused.length > 0 || unacknowledged.length > 0}
                onClick={goToWhen}
              >
                Next
              </Button>
            )}
            {step === 3 && refusal !== null && <Button onClick={previewAgain}>Preview again</Button>}
            {step === 3 && (
              <Button appearance="primary" disabled={!canSubmit} onClick={submit}>
                {when === 'now' ? 'Apply' : 'Schedule'}
              </Button>
            )}
            <Button appearance={step === 4 ? 'primary' : 'secondary'} onClick={props.onClose}>
              {step === 4 ? 'Close' : 'Cancel'}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
