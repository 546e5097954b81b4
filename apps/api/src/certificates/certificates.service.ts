import { getCertificate, getPresence, sendPortsUsingCertificate, type Executor } from '@bts-console/db';
import { formatThumbprintDisplay, type CertificateDetail } from '@bts-console/domain';
import { HttpProblem } from '../http/problem';
import { processingServersLacking } from './installations.service';

/** Everything known about one certificate: its fields, which stores hold it, which send ports use it. */
export async function getCertificateDetail(db: Executor, thumbprint: string): Promise<CertificateDetail> {
  const [certificate, presence, sendPorts, missingOnServers] = await Promise.all([
    getCertificate(db, thumbprint),
    getPresence(db, thumbprint),
    sendPortsUsingCertificate(db, thumbprint),
    processingServersLacking(db, thumbprint),
  ]);
  if (!certificate) {
    throw new HttpProblem({
      status: 404,
      code: 'not-found',
      detail: `No certificate with thumbprint ${formatThumbprintDisplay(thumbprint)} is known to this group: it has never been imported into any Other People store.`,
    });
  }
  return {
    thumbprint: certificate.thumbprint,
    sha256: certificate.sha256,
    subject: certificate.subject,
    subjectCommonName: certificate.subjectCommonName,
    issuer: certificate.issuer,
    issuerCommonName: certificate.issuerCommonName,
    serialNumber: certificate.serialNumber,
    notBefore: certificate.notBefore,
    notAfter: certificate.notAfter,
    keyUsage: certificate.keyUsage,
    extendedKeyUsage: certificate.extendedKeyUsage,
    publicKeyAlgorithm: certificate.publicKeyAlgorithm,
    publicKeySize: certificate.publicKeySize ?? 0,
    presence: presence.map((entry) => ({
      computer: entry.computer,
      role: entry.role,
      present: entry.present,
      friendlyName: entry.friendlyName,
    })),
    sendPorts: sendPorts.map((port) => ({ name: port.name, application: port.application })),
    missingOnServers,
  };
}
