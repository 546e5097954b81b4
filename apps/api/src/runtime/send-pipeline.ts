import { getCertificateWithDer, isInStore, type Executor, type SendPort } from '@bts-console/db';
import { canEncrypt, encryptSmime, parseCertificate, X509Error } from '@bts-console/x509';

/*
 * The simulated send pipeline of DESIGN §8. It stands for the MIME/SMIME encoder that a BizTalk send
 * pipeline runs on the server whose host instance picked the message up: that encoder looks for the
 * port's encryption certificate in the Other People store of that server, and of no other computer.
 */

/** The event source BizTalk writes its runtime errors under in the Application log. */
export const BIZTALK_EVENT_SOURCE = 'BizTalk Server';

/**
 * BizTalk's event id for a message suspended by a send pipeline failure ("There was a failure executing
 * the send pipeline…"); administrators' alert rules match on it, so we use the same number.
 */
export const SEND_PIPELINE_FAILURE_EVENT_ID = 5754;

/** The pipeline component that encrypts, as BizTalk names it in the event text. */
export const SMIME_ENCODER = 'MIME/SMIME encoder';

/** Windows' name for the Other People store, as BizTalk's messages spell it. */
export const OTHER_PEOPLE_STORE = 'Other People (AddressBook)';

/** The server a pipeline runs on. */
export interface PipelineServer {
  computerId: number;
  name: string;
}

export type PipelineOutcome =
  | { status: 'Delivered'; output: Uint8Array; encrypted: boolean }
  | {
      status: 'Suspended (resumable)';
      error: string;
      /** What the server writes to its Application event log. */
      event: { level: 'Error'; source: string; eventId: number; text: string };
    };

/** BizTalk's text for a send pipeline failure, e.g. in event 5754. */
export function sendPipelineFailureText(failure: {
  pipeline: string;
  source: string;
  sendPort: string;
  uri: string;
  reason: string;
}): string {
  return (
    `There was a failure executing the send pipeline: "${failure.pipeline}" Source: "${failure.source}" ` +
    `Send Port: "${failure.sendPort}" URI: "${failure.uri}" Reason: ${failure.reason}`
  );
}

function suspended(port: SendPort, reason: string): PipelineOutcome {
  const text = sendPipelineFailureText({
    pipeline: port.sendPipeline,
    source: SMIME_ENCODER,
    sendPort: port.name,
    uri: port.uri,
    reason,
  });
  return {
    status: 'Suspended (resumable)',
    error: text,
    event: { level: 'Error', source: BIZTALK_EVENT_SOURCE, eventId: SEND_PIPELINE_FAILURE_EVENT_ID, text },
  };
}

/**
 * Runs the port's send pipeline on one server: with an encryption certificate, the message is delivered
 * as S/MIME enveloped data only when that server's Other People store holds the certificate and it is
 * valid now; without one, the message goes out in clear text.
 */
export async function runSendPipeline(
  db: Executor,
  run: { port: SendPort; server: PipelineServer; message: Uint8Array; now: Date },
): Promise<PipelineOutcome> {
  const { port, server, message, now } = run;
  if (!port.certificate) return { status: 'Delivered', output: message, encrypted: false };

  const thumbprint = port.certificate.thumbprint;
  const inStore = `in the ${OTHER_PEOPLE_STORE} store of the local computer ${server.name}`;
  const certificate = (await isInStore(db, server.name, thumbprint))
    ? await getCertificateWithDer(db, thumbprint)
    : null;
  if (!certificate) {
    return suspended(port, `The certificate with thumbprint ${thumbprint} was not found ${inStore}.`);
  }
  if (Date.parse(certificate.notAfter) <= now.getTime()) {
    return suspended(
      port,
      `The certificate with thumbprint ${thumbprint} ${inStore} expired on ${certificate.notAfter}.`,
    );
  }
  if (Date.parse(certificate.notBefore) > now.getTime()) {
    return suspended(
      port,
      `The certificate with thumbprint ${thumbprint} ${inStore} is not valid before ${certificate.notBefore}.`,
    );
  }
  try {
    if (!canEncrypt(parseCertificate(certificate.der))) {
      return suspended(
        port,
        `The certificate with thumbprint ${thumbprint} ${inStore} cannot be used for encryption: its key usage allows neither key encipherment nor data encipherment.`,
      );
    }
    return {
      status: 'Delivered',
      output: Buffer.from(encryptSmime(message, certificate.der)),
      encrypted: true,
    };
  } catch (error) {
    if (!(error instanceof X509Error)) throw error;
    return suspended(
      port,
      `The certificate with thumbprint ${thumbprint} ${inStore} cannot be used: ${error.message}`,
    );
  }
}
