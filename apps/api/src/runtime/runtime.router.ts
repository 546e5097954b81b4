import { listEventLogEntries, listMessageInstances } from '@bts-console/db';
import {
  canOperate,
  EventLogEntryListSchema,
  EventLogQuerySchema,
  GroupHubSchema,
  MAX_TEST_MESSAGE_BYTES,
  MessageInstanceListSchema,
  MessageInstanceQuerySchema,
  MessageInstanceSchema,
  ProblemDetailsSchema,
  TestMessageQuerySchema,
  TestMessageResultSchema,
} from '@bts-console/domain';
import express, { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import type { AppDependencies } from '../app-dependencies';
import { actorOf } from '../auth/actor';
import { requireRole, requireSignedIn } from '../auth/guards';
import { HttpProblem } from '../http/problem';
import { parseParams, parseQuery } from '../http/validate';
import { registerOperation } from '../openapi/registry';
import {
  deliveredOutput,
  getInstanceOr404,
  groupHub,
  resumeInstance,
  sendTestMessage,
  terminateInstance,
  toMessageInstanceView,
} from './runtime.service';

const SendPortParamsSchema = z.object({ name: z.string().min(1).max(256).describe('Send port name') });
const InstanceParamsSchema = z.object({
  id: z.uuid({ message: 'must be a message instance id (a GUID)' }).describe('Message instance id'),
});

const problem = (description: string) => ({ description, schema: ProblemDetailsSchema });
const SIGNED_IN = { 401: problem('Not signed in') };
const OPERATORS = { ...SIGNED_IN, 403: problem('Neither an administrator nor an operator') };

registerOperation({
  method: 'post',
  path: '/api/send-ports/{name}/test-message',
  summary: "Send a test message (the raw body, up to 1 MB) through the port's send pipeline",
  description:
    "Runs on the named processing server, or on the port's servers with a running host instance in turn. A certificate missing from that server's Other People store, or expired, suspends the message and logs event 5754 on that server.",
  tags: ['Runtime'],
  params: SendPortParamsSchema,
  query: TestMessageQuerySchema,
  body: 'binary',
  responses: {
    201: {
      description: 'The message instance: Delivered or Suspended (resumable)',
      schema: TestMessageResultSchema,
    },
    ...OPERATORS,
    404: problem('No such send port'),
    409: problem('send-port-not-enlisted: a Bound port has no subscription'),
    413: problem('The message is larger than 1 MB'),
    422: problem('The message is empty, or server does not process the port'),
  },
});
registerOperation({
  method: 'get',
  path: '/api/instances',
  summary: 'Message instances, newest first',
  tags: ['Runtime'],
  query: MessageInstanceQuerySchema,
  responses: { 200: { description: 'Instances', schema: MessageInstanceListSchema }, ...SIGNED_IN },
});
registerOperation({
  method: 'get',
  path: '/api/instances/{id}',
  summary: 'One message instance',
  tags: ['Runtime'],
  params: InstanceParamsSchema,
  responses: {
    200: { description: 'The instance', schema: MessageInstanceSchema },
    ...SIGNED_IN,
    404: problem('No such instance'),
  },
});
registerOperation({
  method: 'get',
  path: '/api/instances/{id}/output',
  summary: 'What a delivered instance sent, as an attachment: the S/MIME entity or the clear text',
  tags: ['Runtime'],
  params: InstanceParamsSchema,
  responses: {
    200: {
      description:
        'application/pkcs7-mime MIME entity, or the message in clear text (application/octet-stream)',
    },
    ...SIGNED_IN,
    404: problem('No such instance'),
    409: problem('nothing-delivered: the instance is suspended or terminated'),
  },
});
for (const [operation, summary] of [
  ['resume', 'Resume a suspended instance: its send pipeline runs again on the same server'],
  ['terminate', 'Terminate a suspended instance; it stays listed as Terminated'],
] as const) {
  registerOperation({
    method: 'post',
    path: `/api/instances/{id}/${operation}`,
    summary,
    tags: ['Runtime'],
    params: InstanceParamsSchema,
    responses: {
      200: { description: 'The instance as it now is', schema: MessageInstanceSchema },
      ...OPERATORS,
      404: problem('No such instance'),
      409: problem('instance-not-suspended: it is Delivered or Terminated'),
    },
  });
}
registerOperation({
  method: 'get',
  path: '/api/event-log',
  summary: "The BizTalk servers' Application event log, newest first",
  tags: ['Runtime'],
  query: EventLogQuerySchema,
  responses: { 200: { description: 'Event log entries', schema: EventLogEntryListSchema }, ...SIGNED_IN },
});
registerOperation({
  method: 'get',
  path: '/api/group/hub',
  summary: 'Group Hub: suspended instances per send port, and certificate problems on processing servers',
  tags: ['Runtime'],
  responses: { 200: { description: 'The overview', schema: GroupHubSchema }, ...SIGNED_IN },
});

/**
 * Reads a test message as raw bytes, whatever its content type. It must run before the app's JSON
 * parser, or a JSON message would arrive parsed (and be refused above 100 KB) instead of byte for byte.
 */
export const testMessageBody: RequestHandler = express.raw({
  type: () => true,
  limit: MAX_TEST_MESSAGE_BYTES,
});

function messageBytes(body: unknown): Buffer {
  if (!Buffer.isBuffer(body)) {
    // Only when the JSON parser got there first: the original bytes are gone.
    throw new HttpProblem({
      status: 415,
      code: 'unsupported-media-type',
      detail:
        'The test message could not be read as raw bytes. Send it with Content-Type: application/octet-stream.',
    });
  }
  if (body.byteLength === 0) {
    throw new HttpProblem({
      status: 422,
      code: 'validation-failed',
      detail: 'The test message is empty. Send the message to deliver as the request body (up to 1 MB).',
      errors: [{ path: '', code: 'empty', message: 'The message is empty' }],
    });
  }
  return body;
}

/** The message runtime: test messages, message instances, the event log and the Group Hub. */
export function createRuntimeRouter({ database, clock }: AppDependencies): Router {
  const router = Router();
  const db = database.db;
  const operate = (action: string) => requireRole(canOperate, action);

  router.post(
    '/send-ports/:name/test-message',
    operate('Sending test messages'),
    testMessageBody,
    async (req, res) => {
      const { name } = parseParams(SendPortParamsSchema, req.params);
      const { server } = parseQuery(TestMessageQuerySchema, req.query);
      const message = messageBytes(req.body);
      const result = await sendTestMessage(db, clock, actorOf(req), {
        sendPort: name,
        ...(server !== undefined ? { server } : {}),
        message,
      });
      res.status(201).location(`/api/instances/${result.instanceId}`).json(result);
    },
  );

  router.get('/instances', requireSignedIn, async (req, res) => {
    const query = parseQuery(MessageInstanceQuerySchema, req.query);
    const { items, total } = await listMessageInstances(db, {
      ...(query.status !== undefined ? { status: query.status } : {}),
      ...(query.sendPort !== undefined ? { sendPortName: query.sendPort } : {}),
      limit: query.limit,
      offset: query.offset,
    });
    res.json({ items: items.map(toMessageInstanceView), total });
  });

  router.get('/instances/:id', requireSignedIn, async (req, res) => {
    const { id } = parseParams(InstanceParamsSchema, req.params);
    res.json(await getInstanceOr404(db, id.toLowerCase()));
  });

  router.get('/instances/:id/output', requireSignedIn, async (req, res) => {
    const { id } = parseParams(InstanceParamsSchema, req.params);
    const output = await deliveredOutput(db, id.toLowerCase());
    // attachment() would guess the type from the file name; the instance knows what it delivered.
    res.attachment(output.fileName);
    res.setHeader('Content-Type', output.contentType);
    res.setHeader('Cache-Control', 'no-store');
    res.send(output.body);
  });

  router.post('/instances/:id/resume', operate('Resuming message instances'), async (req, res) => {
    const { id } = parseParams(InstanceParamsSchema, req.params);
    res.json(await resumeInstance(db, clock, actorOf(req), id.toLowerCase()));
  });

  router.post('/instances/:id/terminate', operate('Terminating message instances'), async (req, res) => {
    const { id } = parseParams(InstanceParamsSchema, req.params);
    res.json(await terminateInstance(db, clock, actorOf(req), id.toLowerCase()));
  });

  router.get('/event-log', requireSignedIn, async (req, res) => {
    const query = parseQuery(EventLogQuerySchema, req.query);
    res.json(
      await listEventLogEntries(db, {
        ...(query.computer !== undefined ? { computerName: query.computer } : {}),
        ...(query.level !== undefined ? { level: query.level } : {}),
        ...(query.since !== undefined ? { since: new Date(query.since) } : {}),
        limit: query.limit,
        offset: query.offset,
      }),
    );
  });

  router.get('/group/hub', requireSignedIn, async (_req, res) => {
    res.json(await groupHub(db, clock.now()));
  });

  return router;
}
