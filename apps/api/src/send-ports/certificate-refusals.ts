import { formatThumbprintDisplay, listInWords, type CertificateRefusal } from '@bts-console/domain';
import { HttpProblem } from '../http/problem';

/**
 * A refused assignment (DESIGN §3) as the API answers it: 422 problem details with the refusal's code,
 * the field at fault and the facts a client needs (the servers to acknowledge, the expiry date). The
 * remedy for missing servers names the request's own field, `acknowledgeMissingOn`.
 */
export function assignmentRefused(refusal: CertificateRefusal): HttpProblem {
  const problem = (init: Omit<ConstructorParameters<typeof HttpProblem>[0], 'status' | 'code'>) =>
    new HttpProblem({ status: 422, code: refusal.code, ...init });
  switch (refusal.code) {
    case 'invalid-thumbprint': {
      const { error } = refusal;
      return problem({
        detail: refusal.message,
        errors: [{ path: 'thumbprint', code: error.code, message: error.message }],
        ...(error.position !== undefined ? { extra: { position: error.position } } : {}),
      });
    }
    case 'certificate-not-found':
      return problem({
        detail: refusal.message,
        errors: [
          {
            path: 'thumbprint',
            code: refusal.code,
            message: `No certificate with thumbprint ${formatThumbprintDisplay(refusal.thumbprint)} is in any Other People store of this group.`,
          },
        ],
        extra: { thumbprint: refusal.thumbprint },
      });
    case 'certificate-expired':
      return problem({
        detail: refusal.message,
        extra: { thumbprint: refusal.thumbprint, notAfter: refusal.notAfter },
      });
    case 'certificate-not-for-encryption':
      return problem({
        detail: refusal.message,
        extra: { thumbprint: refusal.thumbprint, keyUsage: refusal.keyUsage },
      });
    case 'certificate-not-yet-valid':
      return problem({
        detail: `${refusal.message} Assign it on that date, or, to save it now anyway, send acknowledgeNotYetValid: true.`,
        extra: { thumbprint: refusal.thumbprint, notBefore: refusal.notBefore },
      });
    case 'certificate-missing-on-servers': {
      const { servers } = refusal;
      return problem({
        detail: `${refusal.message} Import the certificate into the Other People store of ${listInWords(servers)}; or, to save it anyway, acknowledge exactly ${servers.length === 1 ? 'that server' : 'those servers'} with acknowledgeMissingOn: ${JSON.stringify(servers)}.`,
        extra: { servers },
      });
    }
    case 'acknowledgement-mismatch':
      return problem({
        detail: refusal.message,
        errors: [{ path: 'acknowledgeMissingOn', code: refusal.code, message: refusal.message }],
        extra: { servers: refusal.servers, acknowledged: refusal.acknowledged },
      });
  }
}
