import { z } from 'zod';
import { text } from './text';

/**
 * Times travel as ISO-8601 UTC strings, e.g. `2026-11-25T10:00:00.000Z`; through the text rule first, so a bad
 * character is named as such.
 */
export const TimestampSchema = text().datetime({ offset: true });

/** Every list the API returns has this shape, so clients page the same way everywhere. */
export function listOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int().nonnegative() });
}

/** Page parameters shared by list endpoints; strings because they arrive in the query. */
export const PageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export type PageQuery = z.infer<typeof PageQuerySchema>;

export const HealthResponseSchema = z
  .object({
    status: z.enum(['ok', 'degraded']),
    database: z.object({
      /** Named only to signed-in callers: an anonymous probe learns nothing about the installation. */
      dialect: z.enum(['sqlite', 'postgres']).optional(),
      reachable: z.boolean(),
    }),
    time: TimestampSchema,
  })
  .meta({ id: 'Health' });
export type HealthResponse = z.infer<typeof HealthResponseSchema>;
