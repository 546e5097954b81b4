/** The command line was wrong (exit code 2): the person must change what they typed. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The command could not do its work for a reason outside the API's answers (exit code 1). */
export class CommandFailure extends Error {
  override name = 'CommandFailure';
  /** Printed like the API's codes, `error [invalid-thumbprint]: …`, so scripts match one pattern. */
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}
