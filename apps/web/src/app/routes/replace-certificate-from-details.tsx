import { consolePaths } from '../../lib/console-paths';
import { ReplaceCertificate } from './replace-certificate';

/** The Replace certificate wizard over a certificate's details, the old certificate preset (DESIGN §12). */
export default function ReplaceCertificateFromDetailsRoute() {
  return (
    <ReplaceCertificate
      pathFor={consolePaths.replaceCertificateFromDetails}
      closeTo={consolePaths.certificate}
    />
  );
}
