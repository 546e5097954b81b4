import { z } from 'zod';

/** The `code` of every refusal the API makes; clients branch on it, never on the text. */
export const ERROR_CODES = [
  'invalid-thumbprint',
  'certificate-not-found',
  'certificate-missing-on-servers',
  'certificate-expired',
  'certificate-not-for-encryption',
  'acknowledgement-mismatch',
  'validation-failed',
  'malformed-json',
  'payload-too-large',
  'unauthenticated',
  'forbidden',
  'cross-site-request',
  'too-many-attempts',
  'not-found',
  'precondition-required',
  'precondition-failed',
  'conflict',
  'already-in-store',
  'certificate-in-use',
  'invalid-state-transition',
  'pkcs12',
  'private-key',
  'certificate-request',
  'bad-base64',
  'truncated',
  'empty',
  'not-a-certificate',
  'too-large',
  'multiple-certificates',
  'unsupported-media-type',
  'internal-error',
] as const;
export const ErrorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

export const FieldErrorSchema = z.object({
  path: z.string(),
  code: z.string(),
  message: z.string(),
});
export type FieldError = z.infer<typeof FieldErrorSchema>;

/** RFC 9457 problem details, with our `code`; extra members (`servers`, `current`, …) depend on the code. */
export const ProblemDetailsSchema = z
  .looseObject({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    code: z.string(),
    errors: z.array(FieldErrorSchema).optional(),
    servers: z.array(z.string()).optional(),
  })
  .meta({ id: 'ProblemDetails' });
export type ProblemDetails = z.infer<typeof ProblemDetailsSchema>;
