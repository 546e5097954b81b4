import {
  MoveTestClockRequestSchema,
  TestClockResponseSchema,
  type TestClockResponse,
} from '@bts-console/domain';
import { Router } from 'express';
import type { AppDependencies } from '../app-dependencies';
import { administrators } from '../auth/guards';
import { HttpProblem } from '../http/problem';
import { defineRoute, jsonBody } from '../http/route';
import { ClockMovesBackError } from './movable-clock';

const OFF =
  'The test clock is off: it exists only on a server started with BTS_TEST_CLOCK=1, for tests, and never in production (NODE_ENV=production refuses it). Time on this server is the system clock.';

/** Journeys move time rather than wait for it (docs/decisions/017); a production server answers 404. */
export function createTestClockRouter({ testClock }: AppDependencies): Router {
  const router = Router();
  defineRoute(
    router,
    {
      method: 'post',
      path: '/api/test-clock',
      summary: 'Move the server clock forward (test servers only, BTS_TEST_CLOCK=1)',
      description:
        'Tests move time rather than wait: after the move the server reads `at` and runs on from there, and work due by then (scheduled replacements, alerts) runs at once. Answers 404 on a server without BTS_TEST_CLOCK=1.',
      tags: ['Test clock'],
      access: administrators('Moving the test clock'),
      body: jsonBody(MoveTestClockRequestSchema),
      responses: {
        200: {
          description: 'The clock was moved; the time the server reads now',
          schema: TestClockResponseSchema,
        },
        404: 'not-found: the test clock is off on this server',
        409: 'conflict: the clock only moves forward',
      },
    },
    async ({ body, res }) => {
      if (!testClock) throw new HttpProblem({ status: 404, code: 'not-found', detail: OFF });
      try {
        await testClock.moveTo(new Date(body.at));
      } catch (error) {
        if (!(error instanceof ClockMovesBackError)) throw error;
        throw new HttpProblem({
          status: 409,
          code: 'conflict',
          detail: `${error.message} Give a time after it.`,
        });
      }
      const answer: TestClockResponse = { now: testClock.now().toISOString() };
      res.json(answer);
    },
  );
  return router;
}
