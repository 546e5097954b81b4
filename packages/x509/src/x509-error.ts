export const X509_ERROR_CODES = [
  'empty',
  'too-large',
  'bad-base64',
  'truncated',
  'pkcs12',
  'private-key',
  'certificate-request',
  'multiple-certificates',
  'not-a-certificate',
  'unsupported-key',
] as const;

export type X509ErrorCode = (typeof X509_ERROR_CODES)[number];

/** A certificate was refused; `message` says what was wrong and what to do, in the administrator's words. */
export class X509Error extends Error {
  constructor(
    readonly code: X509ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'X509Error';
  }
}
