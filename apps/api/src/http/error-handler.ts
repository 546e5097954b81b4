import { isDatabaseUnavailable } from '@bts-console/db';
import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import type { AppDependencies } from '../app-dependencies';
import { HttpProblem } from './problem';
import { requestFields } from './request-log';

interface BodyParserError {
  type?: string;
  status?: number;
  limit?: number;
}

function isBodyParserError(error: unknown): error is BodyParserError {
  return typeof error === 'object' && error !== null && 'type' in error && typeof error.type === 'string';
}

/**
 * Express and body-parser mark errors the client caused with a 4xx status: a path parameter that is
 * not valid percent-encoding, a compressed body that does not decompress. Their messages can echo the
 * request, so only the status is kept.
 */
function fromClientErrorStatus(error: unknown): HttpProblem | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const status = 'status' in error ? error.status : 'statusCode' in error ? error.statusCode : undefined;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 400 || status > 499) {
    return undefined;
  }
  if (error instanceof URIError) {
    return new HttpProblem({
      status: 400,
      code: 'validation-failed',
      detail: 'A part of the URL path is not valid percent-encoding. Encode names with encodeURIComponent.',
    });
  }
  if ('code' in error && typeof error.code === 'string' && error.code.startsWith('Z_')) {
    return new HttpProblem({
      status: 400,
      code: 'malformed-json',
      detail: 'The request body could not be decompressed; it does not match its Content-Encoding.',
    });
  }
  return new HttpProblem({
    status,
    code: 'validation-failed',
    detail: 'The request could not be understood. Check the URL, headers and body against /api/docs.',
  });
}

/** Turns what body-parser throws into our problems; its own messages can echo the body. */
function fromBodyParser(error: BodyParserError): HttpProblem | undefined {
  switch (error.type) {
    case 'entity.parse.failed':
      return new HttpProblem({
        status: 400,
        code: 'malformed-json',
        detail:
          'The request body is not valid JSON. Send a JSON document with Content-Type: application/json.',
      });
    case 'entity.too.large':
      return new HttpProblem({
        status: 413,
        code: 'payload-too-large',
        detail: `The request body is larger than this endpoint accepts (${Math.round((error.limit ?? 102_400) / 1024)} KB).`,
      });
    case 'encoding.unsupported':
      return new HttpProblem({
        status: 415,
        code: 'unsupported-media-type',
        detail: 'The request body must not be compressed, or compressed with gzip, deflate or br.',
      });
    case 'charset.unsupported':
      return new HttpProblem({
        status: 415,
        code: 'unsupported-media-type',
        detail: 'The request body must be UTF-8 JSON.',
      });
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
      return new HttpProblem({
        status: 400,
        code: 'malformed-json',
        detail: 'The request body could not be read.',
      });
    default:
      return undefined;
  }
}

/** Two requests creating the same thing at once: the database refuses the second one. */
function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('code' in error)) return false;
  return (
    error.code === '23505' ||
    error.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    error.code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}

/** Long enough for the pool to open fresh connections after a restart or a failover. */
const DATABASE_RETRY_AFTER_SECONDS = 2;

/** 404 problem for any /api path no router answered. */
export const notFoundUnderApi: RequestHandler = (req: Request, _res, next) => {
  next(
    new HttpProblem({
      status: 404,
      code: 'not-found',
      detail: `There is no ${req.method} ${req.baseUrl}${req.path} in this API; see /api/docs for the routes.`,
    }),
  );
};

/** The one error handler: problem details for every failure, never a stack trace. */
export function handleErrors(deps: AppDependencies): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    let problem =
      error instanceof HttpProblem ? error : isBodyParserError(error) ? fromBodyParser(error) : undefined;
    problem ??= fromClientErrorStatus(error);
    if (!problem && isUniqueViolation(error)) {
      problem = new HttpProblem({
        status: 409,
        code: 'conflict',
        detail: 'Another request created the same thing at the same moment. Reload and try again.',
      });
    }
    if (!problem && isDatabaseUnavailable(error)) {
      // A transaction whose connection died is rolled back by PostgreSQL: the client may simply repeat.
      deps.logger.warn({ err: error, req: requestFields(req) }, 'database unavailable');
      problem = new HttpProblem({
        status: 503,
        code: 'database-unavailable',
        detail:
          'The database could not be reached and the request did not complete. Repeat it in a few seconds.',
        headers: { 'Retry-After': String(DATABASE_RETRY_AFTER_SECONDS) },
      });
    }
    if (!problem) {
      deps.logger.error({ err: error, req: requestFields(req) }, 'unhandled error');
      problem = new HttpProblem({
        status: 500,
        code: 'internal-error',
        detail: 'The server failed to handle this request; the details are in the server log.',
      });
    }
    for (const [name, value] of Object.entries(problem.headers ?? {})) res.setHeader(name, value);
    res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem.toBody()));
  };
}
