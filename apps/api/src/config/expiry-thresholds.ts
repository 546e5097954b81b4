import { z } from 'zod';

/** DESIGN §12 and §13: amber from the first threshold, red from the last; an alert as each is crossed. */
export const DEFAULT_EXPIRY_WARNING_DAYS: readonly number[] = [30, 14, 7];

/**
 * `BTS_EXPIRY_WARNING_DAYS`: comma-separated whole days before Not After, e.g. `30,14,7`; unset or
 * empty for the default. Returned from the farthest to the nearest, each once.
 */
export const ExpiryWarningDaysSchema = z
  .string()
  .optional()
  .transform((value, context) => {
    const text = value?.trim() ?? '';
    if (text === '') return [...DEFAULT_EXPIRY_WARNING_DAYS];
    const parts = text.split(',').map((part) => part.trim());
    if (!parts.every((part) => /^\d{1,4}$/.test(part) && Number(part) >= 1 && Number(part) <= 3650)) {
      context.addIssue({
        code: 'custom',
        message:
          'must be comma-separated whole numbers of days before expiry, each from 1 to 3650, such as 30,14,7',
      });
      return z.NEVER;
    }
    return [...new Set(parts.map(Number))].sort((a, b) => b - a);
  });
