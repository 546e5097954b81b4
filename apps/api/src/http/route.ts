import { ProblemDetailsSchema } from '@bts-console/domain';
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import type { ZodObject, ZodType, z } from 'zod';
import { actorOf, type Actor } from '../auth/actor';
import { authorize, forbiddenDescription, type Access } from '../auth/guards';
import { registerOperation, type HttpMethod, type OperationResponse } from '../openapi/registry';
import { HttpProblem } from './problem';
import { streamedRequestBody, type StreamedBodyLimits } from './streamed-body';
import { parseBody, parseParams, parseQuery } from './validate';

/** A JSON body, validated with its contract schema. */
export interface JsonBody<S extends ZodType = ZodType> {
  json: S;
  /** Bytes accepted over the shared limit, for a request that names thousands of ports. */
  limit?: number;
}

/** A body read as bytes whatever its declared type: a file or a message, never parsed as JSON. */
export interface RawBody {
  raw: {
    /** The most bytes accepted; more is refused with 413. */
    limit: number;
    /** The 413 detail, when the route says it better than "larger than this endpoint accepts". */
    tooLarge?: string;
    /** The 415 detail for a Content-Encoding that cannot be undone. */
    unsupportedEncoding?: string;
  };
}

/** A body the handler reads as it arrives, decompressed and counted against a limit; never held whole. */
export interface StreamedBody {
  streamed: StreamedBodyLimits;
}

export type BodySpec = JsonBody | RawBody | StreamedBody;

export const jsonBody = <S extends ZodType>(schema: S, limit?: number): JsonBody<S> =>
  limit === undefined ? { json: schema } : { json: schema, limit };
export const rawBody = (raw: RawBody['raw']): RawBody => ({ raw });
export const streamedBody = (streamed: StreamedBodyLimits): StreamedBody => ({ streamed });

/** JSON bodies share one limit, unless a route sets its own: most request schemas fit well within it. */
const JSON_LIMIT = '100kb';
const readJson = express.json({ limit: JSON_LIMIT });
const NO_BYTES = Buffer.alloc(0);

/**
 * A response of the operation: its schema and description, or only a description, which for a
 * refusal (4xx, 5xx) means a problem document and for a success means no body (204).
 */
export type RouteResponse = OperationResponse | string;

export interface RouteSpec<P, Q, B> {
  method: HttpMethod;
  /** As clients call it, in OpenAPI style: '/api/send-ports/{name}'. */
  path: string;
  summary: string;
  description?: string;
  tags: string[];
  access: Access;
  params?: P;
  query?: Q;
  body?: B;
  /**
   * The successes, and the refusals particular to this route. 401 and 403 follow from `access`, and
   * 422 from the schemas, unless given here in words of the route's own.
   */
  responses: Record<number, RouteResponse>;
}

type Parsed<S> = S extends ZodType ? z.output<S> : undefined;
type BodyOf<B> =
  B extends JsonBody<infer S>
    ? z.output<S>
    : B extends RawBody
      ? Buffer
      : B extends StreamedBody
        ? AsyncIterable<Uint8Array>
        : undefined;

/** What a route's handler gets: the request parsed and checked, and who is asking. */
export class RouteContext<P, Q, B> {
  constructor(
    readonly req: Request,
    readonly res: Response,
    readonly params: P,
    readonly query: Q,
    readonly body: B,
  ) {}

  /** Made when asked for: reading a port, the most frequent request, never needs it. */
  get actor(): Actor {
    return actorOf(this.req);
  }
}

/**
 * Declares one operation of the API, once: registers its OpenAPI operation, and the Express route that
 * authorizes the caller, reads the body (JSON, or bytes up to the route's limit), validates the path,
 * query and body with the same zod schemas, and calls `handle`. Nothing is read from the body of a
 * caller who is refused. `router` is mounted under /api.
 */
export function defineRoute<
  P extends ZodObject | undefined = undefined,
  Q extends ZodObject | undefined = undefined,
  B extends BodySpec | undefined = undefined,
>(
  router: Router,
  spec: RouteSpec<P, Q, B>,
  handle: (context: RouteContext<Parsed<P>, Parsed<Q>, BodyOf<B>>) => Promise<void> | void,
): void {
  registerOperation({
    method: spec.method,
    path: spec.path,
    summary: spec.summary,
    ...(spec.description !== undefined ? { description: spec.description } : {}),
    tags: spec.tags,
    ...(spec.params ? { params: spec.params } : {}),
    ...(spec.query ? { query: spec.query } : {}),
    ...(spec.body ? { body: 'json' in spec.body ? spec.body.json : 'binary' } : {}),
    ...(spec.access === 'anyone' ? { anonymous: true } : {}),
    responses: documentedResponses(spec),
  });

  const { access, params, query, body } = spec;
  const readBody = body && !('streamed' in body) ? bodyReader(body) : undefined;
  const handler: RequestHandler = async (req, res) => {
    authorize(req, access);
    if (readBody) await readBody(req, res);
    await handle(
      new RouteContext(
        req,
        res,
        (params ? parseParams(params, req.params) : undefined) as Parsed<P>,
        (query ? parseQuery(query, req.query) : undefined) as Parsed<Q>,
        (body === undefined
          ? undefined
          : 'json' in body
            ? parseBody(body.json, req.body)
            : 'streamed' in body
              ? streamedRequestBody(req, body.streamed)
              : Buffer.isBuffer(req.body)
                ? req.body
                : NO_BYTES) as BodyOf<B>,
      ),
    );
  };
  router[spec.method](expressPath(spec.path), handler);
}

/** '/api/send-ports/{name}' → '/send-ports/:name', as the router mounted under /api matches it. */
function expressPath(path: string): string {
  if (!path.startsWith('/api/')) throw new Error(`An API route's path starts with /api/: ${path}`);
  return path.slice('/api'.length).replace(/\{(\w+)\}/g, ':$1');
}

function documentedResponses(
  spec: RouteSpec<ZodObject | undefined, ZodObject | undefined, BodySpec | undefined>,
): Record<number, OperationResponse> {
  const implied: Record<number, RouteResponse> = {};
  if (spec.access !== 'anyone') implied[401] = 'Not signed in';
  if (typeof spec.access === 'object') implied[403] = forbiddenDescription(spec.access);
  const validated = [
    spec.params && 'path',
    spec.query && 'query',
    spec.body && 'json' in spec.body && 'body',
  ].filter((part) => typeof part === 'string');
  if (validated.length > 0) {
    implied[422] = `validation-failed: the ${validated.join(' or ')} is not valid; errors names each field`;
  }
  const documented: Record<number, OperationResponse> = {};
  for (const [status, response] of Object.entries({ ...implied, ...spec.responses })) {
    const code = Number(status);
    documented[code] =
      typeof response !== 'string'
        ? response
        : code >= 400
          ? { description: response, schema: ProblemDetailsSchema }
          : { description: response };
  }
  return documented;
}

/** Reads the body as the route declares it; body-parser's refusals are put in the route's words. */
function bodyReader(body: JsonBody | RawBody): (req: Request, res: Response) => Promise<void> {
  const parser =
    'json' in body
      ? body.limit === undefined
        ? readJson
        : express.json({ limit: body.limit })
      : express.raw({ type: () => true, limit: body.raw.limit });
  const ownWords: Omit<RawBody['raw'], 'limit'> = 'raw' in body ? body.raw : {};
  return (req, res) =>
    new Promise((resolve, reject) => {
      parser(req, res, (error?: unknown) => {
        if (error === undefined || error === null) return resolve();
        const type = typeof error === 'object' && 'type' in error ? error.type : undefined;
        if (type === 'entity.too.large' && ownWords.tooLarge !== undefined) {
          return reject(
            new HttpProblem({ status: 413, code: 'payload-too-large', detail: ownWords.tooLarge }),
          );
        }
        if (type === 'encoding.unsupported' && ownWords.unsupportedEncoding !== undefined) {
          return reject(
            new HttpProblem({
              status: 415,
              code: 'unsupported-media-type',
              detail: ownWords.unsupportedEncoding,
            }),
          );
        }
        reject(error);
      });
    });
}
