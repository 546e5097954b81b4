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
  // edge rules: strings that cannot be stored as sent, requests for hosts this server is not
  'ill-formed-unicode',
  'control-character',
  'unknown-host',
  // PostgreSQL reliability: the database could not be reached; the same request may succeed shortly.
  'database-unavailable',
  // Certificate lifecycle (DESIGN §3 d, §12)
  'certificate-not-yet-valid',
  'certificate-not-in-use',
  'replacement-refused',
  'replacement-ports-changed',
  'replacement-not-pending',
  // Certificate lifecycle: install on missing servers, alerts (DESIGN §12, §13).
  'unknown-computers',
  'certificate-in-no-store',
  // Binding files: nesting deeper than any binding file needs; a compressed body that does not decompress.
  'xml-too-deep',
  'malformed-compression',
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

/** What a client knows of a refused request: its status line and the text of its body. */
export type RefusedAnswer = { status: number; statusText: string; body: string };

/** How much of a body without problem details a client quotes. */
const QUOTED_LENGTH = 200;

/**
 * The problem details of a refused request. An answer that carries none (a proxy's page, an empty body)
 * gets them too, with the code `http-<status>`, so clients branch on `code` alone. `quoteBody` adds the
 * start of such a body to the detail: a terminal shows what the proxy said; the console does not.
 */
export function problemFromAnswer(answer: RefusedAnswer, { quoteBody = false } = {}): ProblemDetails {
  let json: unknown;
  try {
    json = JSON.parse(answer.body);
  } catch {
    json = undefined;
  }
  const parsed = ProblemDetailsSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const answered = `The server answered ${answer.status} ${answer.statusText}`.trim();
  const quote = quoteBody ? answer.body.trim().slice(0, QUOTED_LENGTH) : '';
  return {
    type: 'about:blank',
    title: answer.statusText || `HTTP ${answer.status}`,
    status: answer.status,
    code: `http-${answer.status}`,
    detail: quote ? `${answered}: ${quote}` : `${answered}.`,
  };
}
