import { formatThumbprintDisplay, normalizeThumbprint, type SendPort } from '@bts-console/domain';

/** What the Certificate page holds until OK or Apply: the text as typed, and the common name if picked. */
export type CertificateDraft = {
  thumbprintText: string;
  commonName: string | null;
  /** Remove certificate was clicked: saving clears the port's certificate. */
  removed: boolean;
  /** The box was typed in: emptied by hand, it asks for a thumbprint instead of meaning "no change". */
  edited?: boolean;
  /** What the last paste carried that nobody could see and the box left out, in words. */
  invisibleRemoved?: string;
};

export function draftFromPort(port: Pick<SendPort, 'certificate'>): CertificateDraft {
  return {
    thumbprintText: port.certificate ? formatThumbprintDisplay(port.certificate.thumbprint) : '',
    commonName: port.certificate?.commonName ?? null,
    removed: false,
  };
}

/**
 * The change the draft makes to the port: none, an assignment, or a removal. The same certificate typed
 * in another form (lower case, colons, a pasted U+200E) is no change, so OK does not write a new version.
 */
export function draftChange(
  port: Pick<SendPort, 'certificate'>,
  draft: CertificateDraft,
): 'none' | 'assign' | 'remove' {
  if (draft.removed) return port.certificate ? 'remove' : 'none';
  if (draft.thumbprintText.trim() === '') return draft.edited ? 'assign' : 'none';
  const result = normalizeThumbprint(draft.thumbprintText);
  if (result.ok && result.thumbprint === port.certificate?.thumbprint) return 'none';
  return 'assign';
}
