/**
 * `BTS_EXPIRY_WARNING_DAYS` when unset: amber from the first, red from the last (DESIGN §12).
 * A module of its own, without lifecycle.ts's schemas, which the console's first screen does not use.
 */
export const DEFAULT_EXPIRY_WARNING_DAYS = [30, 14, 7] as const;
