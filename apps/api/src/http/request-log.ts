import type { Request, RequestHandler } from 'express';
import type { Logger } from 'pino';

/** What a request's log line says of it; no header and no body is ever logged, so no credential can be. */
export function requestFields(req: Request) {
  return {
    id: req.id,
    method: req.method,
    url: req.originalUrl,
    remoteAddress: req.ip,
    user: req.auth?.username,
  };
}

declare module 'express-serve-static-core' {
  interface Request {
    /** Numbers the requests of this process, so an error line can be matched with its request line. */
    id?: number;
  }
}

/**
 * One JSON line per request when its response is finished (or the client went away first), at info,
 * and at error for a 5xx. A logger that writes neither costs nothing per request: the middleware
 * then only numbers requests.
 */
export function logRequests(logger: Logger): RequestHandler {
  let counter = 0;
  const logsAll = logger.isLevelEnabled('info');
  const logsErrors = logger.isLevelEnabled('error');
  if (!logsErrors) {
    return (req, _res, next) => {
      req.id = ++counter;
      next();
    };
  }
  return (req, res, next) => {
    req.id = ++counter;
    const started = performance.now();
    // 'close' comes once the response is done, or when the client went away first; one listener for both.
    res.on('close', () => {
      const failed = res.statusCode >= 500;
      if (!failed && !logsAll) return;
      const line = {
        req: requestFields(req),
        res: { statusCode: res.statusCode },
        responseTime: Math.round(performance.now() - started),
      };
      const message = res.writableFinished ? 'request completed' : 'request aborted';
      if (failed) logger.error(line, message);
      else logger.info(line, message);
    });
    next();
  };
}
