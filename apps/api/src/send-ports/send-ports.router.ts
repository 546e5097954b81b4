import {
  AssignCertificateRequestSchema,
  canChangeConfiguration,
  canOperate,
  PreconditionFailedSchema,
  ProblemDetailsSchema,
  SEND_PORT_OPERATIONS,
  SendPortChangeResponseSchema,
  sendPortEtag,
  SendPortListSchema,
  SendPortSchema,
  type SendPort,
  type SendPortChangeResponse,
  type SendPortOperation,
} from '@bts-console/domain';
import { Router, type Response } from 'express';
import { z } from 'zod';
import type { AppDependencies } from '../app-dependencies';
import { actorOf } from '../auth/actor';
import { requireRole, requireSignedIn } from '../auth/guards';
import { keepWhileUnchanged } from '../http/kept-while-unchanged';
import { parseBody, parseParams, parseQuery } from '../http/validate';
import { registerOperation } from '../openapi/registry';
import { assignCertificate, removeCertificate } from './certificate-assignment.service';
import { assignmentRefused } from './certificate-refusals';
import { readIfMatch, requireIfMatch } from './preconditions';
import {
  changeSendPortStatus,
  describeSendPort,
  getSendPortOr404,
  listApplicationSendPorts,
} from './send-ports.service';

const ApplicationParamsSchema = z.object({ app: z.string().min(1).max(256).describe('Application name') });
const SendPortParamsSchema = z.object({ name: z.string().min(1).max(256).describe('Send port name') });
const SendPortListQuerySchema = z.object({
  q: z
    .string()
    .max(200)
    .optional()
    .describe('Text to find in name, transport type, URI, send handler, status or certificate'),
});
const RemoveCertificateQuerySchema = z.object({
  reason: z.string().max(1000).optional().describe('Why, for the audit log'),
});

const problem = (description: string) => ({ description, schema: ProblemDetailsSchema });
const SIGNED_IN = { 401: problem('Not signed in') };
const CHANGE_PRECONDITIONS = {
  404: problem('No such send port'),
  412: { description: 'The port changed since it was read', schema: PreconditionFailedSchema },
  428: problem('If-Match is missing'),
};

registerOperation({
  method: 'get',
  path: '/api/applications/{app}/send-ports',
  summary: "An application's send ports, with their certificate's health",
  tags: ['Send ports'],
  params: ApplicationParamsSchema,
  query: SendPortListQuerySchema,
  responses: {
    200: { description: 'Send ports by name', schema: SendPortListSchema },
    ...SIGNED_IN,
    404: problem('No such application'),
  },
});
registerOperation({
  method: 'get',
  path: '/api/send-ports/{name}',
  summary: 'One send port, with its processing servers; the ETag header carries its version',
  tags: ['Send ports'],
  params: SendPortParamsSchema,
  responses: {
    200: { description: 'The send port', schema: SendPortSchema },
    ...SIGNED_IN,
    404: problem('No such send port'),
  },
});
registerOperation({
  method: 'put',
  path: '/api/send-ports/{name}/certificate',
  summary: 'Assign the encryption certificate (DESIGN §3); send If-Match with the ETag you read',
  tags: ['Send ports'],
  params: SendPortParamsSchema,
  body: AssignCertificateRequestSchema,
  responses: {
    200: { description: 'Assigned, with any warnings', schema: SendPortChangeResponseSchema },
    ...SIGNED_IN,
    403: problem('Not an administrator'),
    ...CHANGE_PRECONDITIONS,
    422: problem(
      'Refused: invalid-thumbprint, certificate-not-found, certificate-expired, certificate-not-for-encryption, certificate-missing-on-servers or acknowledgement-mismatch',
    ),
  },
});
registerOperation({
  method: 'delete',
  path: '/api/send-ports/{name}/certificate',
  summary: 'Remove the encryption certificate (messages then go out in clear text); send If-Match',
  tags: ['Send ports'],
  params: SendPortParamsSchema,
  query: RemoveCertificateQuerySchema,
  responses: {
    200: { description: 'Removed (or there was none)', schema: SendPortChangeResponseSchema },
    ...SIGNED_IN,
    403: problem('Not an administrator'),
    ...CHANGE_PRECONDITIONS,
  },
});
for (const operation of SEND_PORT_OPERATIONS) {
  registerOperation({
    method: 'post',
    path: `/api/send-ports/{name}/${operation}`,
    summary: `${operation[0]?.toUpperCase()}${operation.slice(1)} the send port (administrators and operators); If-Match is optional`,
    tags: ['Send ports'],
    params: SendPortParamsSchema,
    responses: {
      200: { description: 'The port in its new status', schema: SendPortSchema },
      ...SIGNED_IN,
      403: problem('Neither an administrator nor an operator'),
      404: problem('No such send port'),
      409: problem('invalid-state-transition: the port is not in a status that allows this'),
      412: { description: 'If-Match was sent and the port changed since', schema: PreconditionFailedSchema },
    },
  });
}

const OPERATION_ACTIONS: Record<SendPortOperation, string> = {
  enlist: 'Enlisting send ports',
  start: 'Starting send ports',
  stop: 'Stopping send ports',
  unenlist: 'Unenlisting send ports',
};

function sendPort(res: Response, status: number, port: SendPort | SendPortChangeResponse): void {
  res.status(status).setHeader('ETag', sendPortEtag(port.version));
  res.setHeader('Cache-Control', 'no-cache');
  res.json(port);
}

/** Send ports: the list, Properties, the Certificate page's assign and remove, and the context-menu operations. */
/** Port responses kept between changes to the database, about 2 KB each. */
const PORT_RESPONSES_KEPT = 2_000;

export function createSendPortsRouter({ database, clock }: AppDependencies): Router {
  const router = Router();
  const db = database.db;

  router.get('/applications/:app/send-ports', requireSignedIn, async (req, res) => {
    const { app } = parseParams(ApplicationParamsSchema, req.params);
    const { q } = parseQuery(SendPortListQuerySchema, req.query);
    res.json(await listApplicationSendPorts(db, app, { q }, clock.now()));
  });

  // Properties, the Certificate page and every script read ports far more often than anything changes.
  const portResponses = keepWhileUnchanged<{ etag: string; body: Buffer }>(database, PORT_RESPONSES_KEPT);
  router.get('/send-ports/:name', requireSignedIn, async (req, res) => {
    const { name } = parseParams(SendPortParamsSchema, req.params);
    const now = clock.now();
    // Keyed by the name as asked: names compare case-insensitively in the database, by its own rules.
    const response = await portResponses.get(name, now, async () => {
      const { view, healthChangesAt } = await describeSendPort(db, await getSendPortOr404(db, name), now);
      return {
        value: { etag: sendPortEtag(view.version), body: Buffer.from(JSON.stringify(view)) },
        until: healthChangesAt,
      };
    });
    res.status(200).setHeader('ETag', response.etag);
    res.setHeader('Cache-Control', 'no-cache');
    res.type('application/json').send(response.body);
  });

  router.put(
    '/send-ports/:name/certificate',
    requireRole(canChangeConfiguration, 'Assigning certificates'),
    async (req, res) => {
      const { name } = parseParams(SendPortParamsSchema, req.params);
      const ifMatch = requireIfMatch(req, name);
      const body = parseBody(AssignCertificateRequestSchema, req.body);
      const result = await assignCertificate(db, clock, actorOf(req), {
        portName: name,
        thumbprintInput: body.thumbprint,
        acknowledgeMissingOn: body.acknowledgeMissingOn,
        reason: body.reason,
        ifMatch,
      });
      if (!result.ok) throw assignmentRefused(result.refusal);
      sendPort(res, 200, { ...result.port, warnings: result.warnings });
    },
  );

  router.delete(
    '/send-ports/:name/certificate',
    requireRole(canChangeConfiguration, 'Removing certificates'),
    async (req, res) => {
      const { name } = parseParams(SendPortParamsSchema, req.params);
      const ifMatch = requireIfMatch(req, name);
      const { reason } = parseQuery(RemoveCertificateQuerySchema, req.query);
      const result = await removeCertificate(db, clock, actorOf(req), { portName: name, reason, ifMatch });
      sendPort(res, 200, { ...result.port, warnings: result.warnings });
    },
  );

  for (const operation of SEND_PORT_OPERATIONS) {
    router.post(
      `/send-ports/:name/${operation}`,
      requireRole(canOperate, OPERATION_ACTIONS[operation]),
      async (req, res) => {
        const { name } = parseParams(SendPortParamsSchema, req.params);
        const port = await changeSendPortStatus(db, clock, actorOf(req), {
          name,
          operation,
          ifMatch: readIfMatch(req),
        });
        sendPort(res, 200, port);
      },
    );
  }

  return router;
}
