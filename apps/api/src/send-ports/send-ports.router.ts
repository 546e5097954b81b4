import {
  firstWarningDays,
  AssignCertificateRequestSchema,
  PreconditionFailedSchema,
  SEND_PORT_OPERATIONS,
  SendPortChangeResponseSchema,
  sendPortEtag,
  SendPortListQuerySchema,
  SendPortListSchema,
  SendPortSchema,
  type SendPort,
  type SendPortChangeResponse,
  type SendPortOperation,
  text,
} from '@bts-console/domain';
import { Router, type Response } from 'express';
import { z } from 'zod';
import type { AppDependencies } from '../app-dependencies';
import { administrators, operators } from '../auth/guards';
import { keepWhileUnchanged } from '../http/kept-while-unchanged';
import { ApplicationParamsSchema, SendPortParamsSchema } from '../http/path-parameters';
import { defineRoute, jsonBody } from '../http/route';
import { assignCertificate, removeCertificate } from './certificate-assignment.service';
import { assignmentRefused } from './certificate-refusals';
import { readIfMatch, requireIfMatch } from './preconditions';
import {
  changeSendPortStatus,
  describeSendPort,
  getSendPortOr404,
  pageSendPorts,
  readApplicationSendPortRows,
} from './send-ports.service';

const RemoveCertificateQuerySchema = z.object({
  reason: text('many').max(1000).optional().describe('Why, for the audit log'),
});

const CHANGE_PRECONDITIONS = {
  404: 'No such send port',
  412: { description: 'The port changed since it was read', schema: PreconditionFailedSchema },
  428: 'If-Match is missing',
};

const OPERATION_ACTIONS: Record<SendPortOperation, string> = {
  enlist: 'Enlisting send ports',
  start: 'Starting send ports',
  stop: 'Stopping send ports',
  unenlist: 'Unenlisting send ports',
};

/** Applications whose whole list of ports is kept between changes to the database, about 1 KB a port. */
const APPLICATIONS_KEPT = 8;

/** Port responses kept between changes to the database, about 2 KB each. */
const PORT_RESPONSES_KEPT = 2_000;

function sendPort(res: Response, status: number, port: SendPort | SendPortChangeResponse): void {
  res.status(status).setHeader('ETag', sendPortEtag(port.version));
  res.setHeader('Cache-Control', 'private, no-cache');
  res.json(port);
}

/** Send ports: the list, Properties, the Certificate page's assign and remove, and the context-menu operations. */
export function createSendPortsRouter({ database, clock, config }: AppDependencies): Router {
  const expiringWithinDays = firstWarningDays(config.expiryWarningDays);
  const router = Router();
  const db = database.db;

  // Each page of a long list, and each new filter or order, cuts from the same whole list: kept while the
  // database is unchanged and every port's health holds, so scrolling does not read the application again.
  const applicationPorts = keepWhileUnchanged(database, APPLICATIONS_KEPT, async (db, app, now) => {
    const { rows, healthChangesAt } = await readApplicationSendPortRows(db, app, now, expiringWithinDays);
    return { value: rows, until: healthChangesAt };
  });
  defineRoute(
    router,
    {
      method: 'get',
      path: '/api/applications/{app}/send-ports',
      summary: "An application's send ports, with their certificate's health",
      tags: ['Send ports'],
      access: 'signed-in',
      params: ApplicationParamsSchema,
      query: SendPortListQuerySchema,
      responses: {
        200: {
          description:
            'The matching send ports, ordered, from offset on (limit of them if given); total counts every match',
          schema: SendPortListSchema,
        },
        404: 'No such application',
      },
    },
    async ({ params, query, req, res }) => {
      res.json(pageSendPorts(await applicationPorts.get(db, params.app, clock.now(), req.receivedAt), query));
    },
  );

  // Properties, the Certificate page and every script read ports far more often than anything changes.
  // Keyed by the name as asked: names compare case-insensitively in the database, by its own rules.
  const portResponses = keepWhileUnchanged(database, PORT_RESPONSES_KEPT, async (db, name, now) => {
    const { view, healthChangesAt } = await describeSendPort(
      db,
      await getSendPortOr404(db, name),
      now,
      expiringWithinDays,
    );
    return {
      value: { etag: sendPortEtag(view.version), body: Buffer.from(JSON.stringify(view)) },
      until: healthChangesAt,
    };
  });
  defineRoute(
    router,
    {
      method: 'get',
      path: '/api/send-ports/{name}',
      summary: 'One send port, with its processing servers; the ETag header carries its version',
      tags: ['Send ports'],
      access: 'signed-in',
      params: SendPortParamsSchema,
      responses: {
        200: { description: 'The send port', schema: SendPortSchema },
        404: 'No such send port',
      },
    },
    async ({ params, req, res }) => {
      const response = await portResponses.get(db, params.name, clock.now(), req.receivedAt);
      // The ETag is the port's version, for If-Match (DESIGN §3 e). What the answer shows also changes
      // without it (a host instance stopped, a store that gained the certificate), so it is never "not
      // modified": nothing keeps it, and a revalidation gets the port as it is, not a 304.
      delete req.headers['if-none-match'];
      res.status(200).setHeader('ETag', response.etag);
      res.setHeader('Cache-Control', 'no-store');
      res.type('application/json').send(response.body);
    },
  );

  defineRoute(
    router,
    {
      method: 'put',
      path: '/api/send-ports/{name}/certificate',
      summary: 'Assign the encryption certificate (DESIGN §3); send If-Match with the ETag you read',
      tags: ['Send ports'],
      access: administrators('Assigning certificates'),
      params: SendPortParamsSchema,
      body: jsonBody(AssignCertificateRequestSchema),
      responses: {
        200: { description: 'Assigned, with any warnings', schema: SendPortChangeResponseSchema },
        ...CHANGE_PRECONDITIONS,
        422: 'Refused: invalid-thumbprint, certificate-not-found, certificate-expired, certificate-not-for-encryption, certificate-not-yet-valid (names notBefore), certificate-missing-on-servers or acknowledgement-mismatch',
      },
    },
    async ({ params, body, actor, req, res }) => {
      const ifMatch = requireIfMatch(req, params.name);
      const result = await assignCertificate(db, clock, actor, {
        portName: params.name,
        thumbprintInput: body.thumbprint,
        acknowledgeMissingOn: body.acknowledgeMissingOn,
        acknowledgeNotYetValid: body.acknowledgeNotYetValid,
        reason: body.reason,
        ifMatch,
        expiringWithinDays,
      });
      if (!result.ok) throw assignmentRefused(result.refusal);
      sendPort(res, 200, { ...result.port, warnings: result.warnings });
    },
  );

  defineRoute(
    router,
    {
      method: 'delete',
      path: '/api/send-ports/{name}/certificate',
      summary: 'Remove the encryption certificate (messages then go out in clear text); send If-Match',
      tags: ['Send ports'],
      access: administrators('Removing certificates'),
      params: SendPortParamsSchema,
      query: RemoveCertificateQuerySchema,
      responses: {
        200: { description: 'Removed (or there was none)', schema: SendPortChangeResponseSchema },
        ...CHANGE_PRECONDITIONS,
      },
    },
    async ({ params, query, actor, req, res }) => {
      const ifMatch = requireIfMatch(req, params.name);
      const result = await removeCertificate(db, clock, actor, {
        portName: params.name,
        reason: query.reason,
        ifMatch,
        expiringWithinDays,
      });
      sendPort(res, 200, { ...result.port, warnings: result.warnings });
    },
  );

  for (const operation of SEND_PORT_OPERATIONS) {
    defineRoute(
      router,
      {
        method: 'post',
        path: `/api/send-ports/{name}/${operation}`,
        summary: `${operation[0]?.toUpperCase()}${operation.slice(1)} the send port (administrators and operators); If-Match is optional`,
        tags: ['Send ports'],
        access: operators(OPERATION_ACTIONS[operation]),
        params: SendPortParamsSchema,
        responses: {
          200: { description: 'The port in its new status', schema: SendPortSchema },
          404: 'No such send port',
          409: 'invalid-state-transition: the port is not in a status that allows this',
          412: {
            description: 'If-Match was sent and the port changed since',
            schema: PreconditionFailedSchema,
          },
        },
      },
      async ({ params, actor, req, res }) => {
        const port = await changeSendPortStatus(db, clock, actor, {
          name: params.name,
          operation,
          ifMatch: readIfMatch(req),
          expiringWithinDays,
        });
        sendPort(res, 200, port);
      },
    );
  }

  return router;
}
