import {
  describeRemoved,
  formatThumbprintColons,
  formatThumbprintDisplay,
  normalizeThumbprint,
  portUseReasonLabel,
  portUseReasons,
  withoutInvisible,
  type PortUseReason,
  type SendPort,
} from '@bts-console/domain';
import { Field, Input, Text, makeStyles, tokens } from '@fluentui/react-components';
import { DeleteRegular, FolderOpenRegular, InfoRegular } from '@fluentui/react-icons';
import { useState, type ReactNode, type Ref } from 'react';
import type { CertificateDraft } from '../certificate-draft';
import { CopyButton } from '../../../components/copy-button';
import { ExpiryBadge } from '../../../components/expiry-badge';
import { GuardedButton } from '../../../components/guarded-button';
import { REQUIRES_ADMINISTRATORS } from '../../../lib/auth/permissions';

/** What the group knows of a thumbprint, as soon as it is typed: enough to judge it before saving. */
export type CertificateLookup =
  | {
      thumbprint: string;
      found: true;
      commonName: string | null;
      notBefore: string;
      notAfter: string;
      keyUsage: string[] | null;
      /** The computers whose Other People store holds it. */
      holders: string[];
    }
  | { thumbprint: string; found: false };

export type PresencePanelRenderer = (props: {
  thumbprint: string;
  processingServers: { name: string; hostInstanceState: string }[];
  /** Called when the certificate is found, or known not to exist. */
  onLookup: (lookup: CertificateLookup) => void;
  /** Shown under the processing servers. */
  children?: ReactNode;
}) => ReactNode;

/** The reasons the API refuses outright; the others (missing servers, not yet valid) ask to be confirmed. */
const REFUSED: readonly PortUseReason['code'][] = ['expired', 'not-for-encryption'];

/**
 * What the page says of a well-formed thumbprint before anything is saved: the refusal OK would meet,
 * what OK would ask to confirm, or that the certificate can be used. Null while it is being looked up.
 */
export function previewOfAssignment(
  lookup: CertificateLookup | null,
  port: Pick<SendPort, 'processingServers'>,
  display: string,
  now: Date,
): { state: 'error' | 'warning' | 'success'; message: string } | null {
  if (lookup === null) return null;
  if (!lookup.found) {
    return {
      state: 'error',
      message: `Will be refused: no certificate with thumbprint ${display} is in the Other People store of any computer in this group.`,
    };
  }
  const processingServers = port.processingServers.map((server) => server.name);
  const reasons = portUseReasons(lookup, { processingServers }, lookup.holders, now);
  const refused = reasons.filter((reason) => REFUSED.includes(reason.code));
  if (refused.length > 0) {
    return { state: 'error', message: `Will be refused: ${refused.map(portUseReasonLabel).join('; ')}.` };
  }
  if (reasons.length > 0) {
    return {
      state: 'warning',
      message: `${reasons.map(portUseReasonLabel).join('; ')}: OK will ask you to confirm. Thumbprint ${display}`,
    };
  }
  return { state: 'success', message: `Valid thumbprint: ${display}` };
}

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  group: {
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM} ${tokens.spacingVerticalM}`,
    margin: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
  },
  legend: { padding: `0 ${tokens.spacingHorizontalXS}`, fontWeight: tokens.fontWeightSemibold },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-start' },
  grow: { flex: '1 1 auto' },
  mono: { fontFamily: 'Consolas, "Cascadia Mono", monospace' },
  buttons: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap', alignItems: 'center' },
  canonical: { fontFamily: 'Consolas, "Cascadia Mono", monospace', color: tokens.colorNeutralForeground2 },
  removedNote: {
    color: tokens.colorNeutralForeground2,
    display: 'inline-flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalXS,
  },
  muted: { color: tokens.colorNeutralForeground3 },
});

/**
 * The Certificate page, group "Encryption certificate". The thumbprint is checked as it is typed with the
 * same code the API runs, so format mistakes show at once; the API still decides on OK or Apply.
 */
export function CertificatePage(props: {
  port: SendPort;
  draft: CertificateDraft;
  onDraftChange: (draft: CertificateDraft) => void;
  canEdit: boolean;
  /** The API's refusal of the last save, in its words. */
  apiFieldError: string | null;
  localComputer: string | null;
  onBrowse: () => void;
  renderPresencePanel: PresencePanelRenderer;
  thumbprintRef?: Ref<HTMLInputElement>;
}) {
  const styles = useStyles();
  const { port, draft, canEdit } = props;
  const text = draft.thumbprintText;
  const result = text.trim() === '' ? null : normalizeThumbprint(text);
  const canonical = result?.ok ? result.thumbprint : '';
  const removedNote = draft.invisibleRemoved ?? '';
  const unchanged = result?.ok && result.thumbprint === port.certificate?.thumbprint;
  const [lookup, setLookup] = useState<CertificateLookup | null>(null);
  const known = lookup !== null && lookup.thumbprint === canonical ? lookup : null;
  const commonName = draft.removed
    ? ''
    : unchanged
      ? (port.certificate?.commonName ?? '')
      : (draft.commonName ?? (known?.found ? (known.commonName ?? '') : ''));

  let validationState: 'error' | 'warning' | 'success' | 'none' = 'none';
  let validationMessage: ReactNode = null;
  if (props.apiFieldError) {
    validationState = 'error';
    validationMessage = props.apiFieldError;
  } else if (result && !result.ok) {
    validationState = 'error';
    validationMessage = result.error.message;
  } else if (result?.ok && !unchanged) {
    const preview = previewOfAssignment(known, port, result.display, new Date());
    if (preview) {
      validationState = preview.state;
      validationMessage = preview.message;
    } else {
      validationMessage = `Thumbprint ${result.display}: looking for the certificate…`;
    }
  }

  const hint = draft.removed
    ? 'No certificate: when you click OK or Apply, messages to this port will go out in clear text. The certificate stays in the stores.'
    : result === null
      ? `HHHH HHHH HHHH HHHH HHHH HHHH HHHH HHHH HHHH HHHH. Type or paste the thumbprint, or click Browse... to pick a certificate from ${props.localComputer ?? 'the local computer'}'s Other People store.`
      : undefined;

  const denied = canEdit ? null : REQUIRES_ADMINISTRATORS;
  const unchangedBadge = unchanged && port.certificate && port.certificate.health !== 'valid' && (
    <span>
      <ExpiryBadge health={port.certificate.health} notAfter={port.certificate.notAfter} />
    </span>
  );
  return (
    <div className={styles.page}>
      {!canEdit && (
        <Text className={styles.muted}>
          The certificate is read-only for you. {REQUIRES_ADMINISTRATORS} to assign, replace or remove it.
        </Text>
      )}
      <fieldset className={styles.group}>
        <legend className={styles.legend}>Encryption certificate</legend>
        <Field label="Common name">
          <Input
            readOnly
            size="small"
            value={commonName}
            placeholder={result?.ok && !unchanged && !known ? 'Looking for the certificate…' : ''}
          />
        </Field>
        <div className={styles.row}>
          <Field
            label="Thumbprint"
            className={styles.grow}
            validationState={validationState}
            validationMessage={validationMessage}
            hint={hint}
          >
            <Input
              ref={props.thumbprintRef}
              size="small"
              className={styles.mono}
              value={text}
              readOnly={!canEdit}
              spellCheck={false}
              autoComplete="off"
              onChange={(_, data) => {
                // What Windows' dialog copies carries an invisible mark: the box keeps the text without
                // it, so that what is copied back out is clean, and the page says what was taken out.
                const cleaned = withoutInvisible(data.value);
                props.onDraftChange({
                  thumbprintText: cleaned.text,
                  commonName: null,
                  removed: false,
                  edited: true,
                  ...(cleaned.removed.length > 0
                    ? { invisibleRemoved: describeRemoved(cleaned.removed) }
                    : {}),
                });
              }}
            />
          </Field>
        </div>
        {removedNote && (
          <Text size={200} className={styles.removedNote} role="status">
            <InfoRegular aria-hidden />
            {removedNote}
          </Text>
        )}
        {canonical && !unchanged && (
          <Text size={200} className={styles.canonical}>
            Canonical form: {canonical}
          </Text>
        )}
        <div className={styles.buttons}>
          <GuardedButton icon={<FolderOpenRegular />} deniedReason={denied} onClick={props.onBrowse}>
            Browse...
          </GuardedButton>
          <GuardedButton
            icon={<DeleteRegular />}
            deniedReason={
              denied ??
              (draft.removed
                ? 'The certificate is removed when you choose OK or Apply.'
                : !port.certificate && text === ''
                  ? 'The send port has no certificate to remove.'
                  : null)
            }
            onClick={() => props.onDraftChange({ thumbprintText: '', commonName: null, removed: true })}
          >
            Remove certificate
          </GuardedButton>
          <CopyButton label="Copy contiguous" value={canonical} />
          <CopyButton label="Copy grouped" value={canonical ? formatThumbprintDisplay(canonical) : ''} />
          <CopyButton label="Copy with colons" value={canonical ? formatThumbprintColons(canonical) : ''} />
        </div>
      </fieldset>
      {/* With a thumbprint, the panel draws two groups: the certificate itself, then the processing servers. */}
      {canonical ? (
        props.renderPresencePanel({
          thumbprint: canonical,
          processingServers: port.processingServers,
          onLookup: setLookup,
          children: unchangedBadge,
        })
      ) : (
        <fieldset className={styles.group}>
          <legend className={styles.legend}>Processing servers</legend>
          {(draft.removed || !port.certificate) && (
            <Text className={styles.muted}>
              {port.processingServers.length === 0
                ? 'No BizTalk server runs an instance of this port’s send handler.'
                : `Messages are processed on ${port.processingServers.map((server) => server.name).join(', ')}. Without a certificate they go out in clear text.`}
            </Text>
          )}
          {unchangedBadge}
        </fieldset>
      )}
    </div>
  );
}
