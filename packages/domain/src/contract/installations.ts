import { z } from 'zod';
import { CanonicalThumbprintSchema } from '../thumbprint';
import { text } from './text';

/*
 * Install on missing servers (DESIGN §12): copy a certificate that one Other People store holds into
 * the Other People store of other computers of the group, or get the PowerShell script that does the
 * same on the real servers.
 */

const ComputerNameSchema = text().trim().min(1, 'A computer name is needed').max(64);

export const InstallCertificateRequestSchema = z
  .object({
    computers: z
      .array(ComputerNameSchema)
      .min(1, 'Name at least one computer to install the certificate on')
      .max(100, 'At most 100 computers at once'),
  })
  .meta({ id: 'InstallCertificateRequest' });
export type InstallCertificateRequest = z.infer<typeof InstallCertificateRequestSchema>;

export const INSTALLATION_OUTCOMES = ['installed', 'unchanged'] as const;
export const InstallationOutcomeSchema = z.enum(INSTALLATION_OUTCOMES);
export type InstallationOutcome = z.infer<typeof InstallationOutcomeSchema>;

export const InstallCertificateResultSchema = z
  .object({
    thumbprint: CanonicalThumbprintSchema,
    /** `unchanged` when every named computer already had it: nothing was written. */
    outcome: InstallationOutcomeSchema,
    /** The computer whose store it was copied from; null when nothing was copied. */
    copiedFrom: z.string().nullable(),
    computers: z.array(z.object({ computer: z.string(), outcome: InstallationOutcomeSchema })),
  })
  .meta({ id: 'InstallCertificateResult' });
export type InstallCertificateResult = z.infer<typeof InstallCertificateResultSchema>;

export const InstallationScriptQuerySchema = z.object({
  computers: text()
    .max(2000)
    .optional()
    .describe(
      'Comma-separated computers to name; without it, every processing server of a port using the certificate that lacks it',
    ),
});
export type InstallationScriptQuery = z.infer<typeof InstallationScriptQuerySchema>;
