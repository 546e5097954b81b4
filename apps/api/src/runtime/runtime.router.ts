import { listEventLogEntries, listMessageInstances } from '@bts-console/db';
import {
  EventLogEntryListSchema,
  firstWarningDays,
  EventLogQuerySchema,
  GroupHubQuerySchema,
  GroupHubSchema,
  MAX_TEST_MESSAGE_BYTES,
  MessageInstanceListSchema,
  MessageInstanceQuerySchema,
  MessageInstanceSchema,
  TestMessageQuerySchema,
  TestMessageResultSchema,
} from '@bts-console/domain';
import { Router } from 'express';
import { z } from 'zod';
import type { AppDependencies } from '../app-dependencies';
import { operators } from '../auth/guards';
import { SendPortParamsSchema } from '../http/path-parameters';
import { HttpProblem } from '../http/problem';
import { certificateReferences } from '../lifecycle/certificate-references';
import { defineRoute, rawBody } from '../http/route';
import {
  deliveredOutput,
  getInstanceOr404,
  groupHub,
  resumeInstance,
  sendTestMessage,
  terminateInstance,
  toMessageInstanceView,
} from './runtime.service';

const InstanceParamsSchema = z.object({
  id: z.uuid({ message: 'must be a message instance id (a GUID)' }).describe('Message instance id'),
});

/** The message runtime: test messages, message instances, the event log and the Group Hub. */
export function createRuntimeRouter({ database, clock, config }: AppDependencies): Router {
  const router = Router();
  const db = database.db;

  defineRoute(
    router,
    {
      method: 'post',
      path: '/api/send-ports/{name}/test-message',
      summary: "Send a test message (the raw body, up to 1 MB) through the port's send pipeline",
      description:
        "Runs on the named processing server, or on the port's servers with a running host instance in turn. A certificate missing from that server's Other People store, or expired, suspends the message and logs event 5754 on that server.",
      tags: ['Runtime'],
      access: operators('Sending test messages'),
      params: SendPortParamsSchema,
      query: TestMessageQuerySchema,
      // A message is delivered byte for byte, whatever its declared type: JSON too.
      body: rawBody({ limit: MAX_TEST_MESSAGE_BYTES }),
      responses: {
        201: {
          description: 'The message instance: Delivered or Suspended (resumable)',
          schema: TestMessageResultSchema,
        },
        404: 'No such send port',
        409: 'send-port-not-enlisted: a Bound port has no subscription',
        413: 'The message is larger than 1 MB',
        422: 'The message is empty, or server does not process the port',
      },
    },
    async ({ params, query, body, actor, res }) => {
      if (body.byteLength === 0) {
        throw new HttpProblem({
          status: 422,
          code: 'validation-failed',
          detail: 'The test message is empty. Send the message to deliver as the request body (up to 1 MB).',
          errors: [{ path: '', code: 'empty', message: 'The message is empty' }],
        });
      }
      const result = await sendTestMessage(db, clock, actor, {
        sendPort: params.name,
        ...(query.server !== undefined ? { server: query.server } : {}),
        message: body,
      });
      res.status(201).location(`/api/instances/${result.instanceId}`).json(result);
    },
  );

  defineRoute(
    router,
    {
      method: 'get',
      path: '/api/instances',
      summary: 'Message instances, newest first',
      tags: ['Runtime'],
      access: 'signed-in',
      query: MessageInstanceQuerySchema,
      responses: { 200: { description: 'Instances', schema: MessageInstanceListSchema } },
    },
    async ({ query, res }) => {
      const { items, total } = await listMessageInstances(db, {
        ...(query.status !== undefined ? { status: query.status } : {}),
        ...(query.sendPort !== undefined ? { sendPortName: query.sendPort } : {}),
        limit: query.limit,
        offset: query.offset,
      });
      res.json({ items: items.map(toMessageInstanceView), total });
    },
  );

  defineRoute(
    router,
    {
      method: 'get',
      path: '/api/instances/{id}',
      summary: 'One message instance',
      tags: ['Runtime'],
      access: 'signed-in',
      params: InstanceParamsSchema,
      responses: {
        200: { description: 'The instance', schema: MessageInstanceSchema },
        404: 'No such instance',
      },
    },
    async ({ params, res }) => {
      res.json(await getInstanceOr404(db, params.id.toLowerCase()));
    },
  );

  defineRoute(
    router,
    {
      method: 'get',
      path: '/api/instances/{id}/output',
      summary: 'What a delivered instance sent, as an attachment: the S/MIME entity or the clear text',
      tags: ['Runtime'],
      access: 'signed-in',
      params: InstanceParamsSchema,
      responses: {
        200: 'application/pkcs7-mime MIME entity, or the message in clear text (application/octet-stream)',
        404: 'No such instance',
        409: 'nothing-delivered: the instance is suspended or terminated',
      },
    },
    async ({ params, res }) => {
      const output = await deliveredOutput(db, params.id.toLowerCase());
      // attachment() would guess the type from the file name; the instance knows what it delivered.
      res.attachment(output.fileName);
      res.setHeader('Content-Type', output.contentType);
      res.setHeader('Cache-Control', 'no-store');
      res.send(output.body);
    },
  );

  for (const [operation, summary, action, change] of [
    [
      'resume',
      'Resume a suspended instance: its send pipeline runs again on the same server',
      'Resuming message instances',
      resumeInstance,
    ],
    [
      'terminate',
      'Terminate a suspended instance; it stays listed as Terminated',
      'Terminating message instances',
      terminateInstance,
    ],
  ] as const) {
    defineRoute(
      router,
      {
        method: 'post',
        path: `/api/instances/{id}/${operation}`,
        summary,
        tags: ['Runtime'],
        access: operators(action),
        params: InstanceParamsSchema,
        responses: {
          200: { description: 'The instance as it now is', schema: MessageInstanceSchema },
          404: 'No such instance',
          409: 'instance-not-suspended: it is Delivered or Terminated',
        },
      },
      async ({ params, actor, res }) => {
        res.json(await change(db, clock, actor, params.id.toLowerCase()));
      },
    );
  }

  defineRoute(
    router,
    {
      method: 'get',
      path: '/api/event-log',
      summary: "The BizTalk servers' Application event log, newest first",
      tags: ['Runtime'],
      access: 'signed-in',
      query: EventLogQuerySchema,
      responses: { 200: { description: 'Event log entries', schema: EventLogEntryListSchema } },
    },
    async ({ query, res }) => {
      res.json(
        await listEventLogEntries(db, {
          ...(query.computer !== undefined ? { computerName: query.computer } : {}),
          ...(query.level !== undefined ? { level: query.level } : {}),
          ...(query.since !== undefined ? { since: new Date(query.since) } : {}),
          limit: query.limit,
          offset: query.offset,
        }),
      );
    },
  );

  defineRoute(
    router,
    {
      method: 'get',
      path: '/api/group/hub',
      summary: 'Group Hub: suspended instances per send port, and certificate problems on processing servers',
      tags: ['Runtime'],
      access: 'signed-in',
      query: GroupHubQuerySchema,
      responses: {
        200: {
          description:
            'The overview, with a page of the certificate problems (by application, then send port name) and their total',
          schema: GroupHubSchema,
        },
      },
    },
    async ({ query, req, res }) => {
      const now = clock.now();
      const references = await certificateReferences(database, now, req.receivedAt);
      res.json(await groupHub(db, references, now, firstWarningDays(config.expiryWarningDays), query));
    },
  );

  return router;
}
