import { z } from 'zod';
import { TimestampSchema } from './common';
import { text } from './text';

/** Moves the test clock of a server started with BTS_TEST_CLOCK=1; journeys move time rather than wait. */
export const MoveTestClockRequestSchema = z
  .object({
    at: text()
      .datetime({ offset: true, message: 'must be a date and time such as 2026-12-10T09:00:00Z' })
      .describe('The time the server is to read from now on; it then runs on from there.'),
  })
  .meta({ id: 'MoveTestClockRequest' });
export type MoveTestClockRequest = z.infer<typeof MoveTestClockRequestSchema>;

export const TestClockResponseSchema = z
  .object({
    now: TimestampSchema.describe('The time the server reads now.'),
  })
  .meta({ id: 'TestClock' });
export type TestClockResponse = z.infer<typeof TestClockResponseSchema>;
