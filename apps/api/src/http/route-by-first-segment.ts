import type { RequestHandler, Router } from 'express';

/** The parts of an Express 5 router layer that say which paths it serves. */
interface RouterLayer {
  rawPath?: unknown;
  route?: { path: unknown };
}

/**
 * The first segment of a route path as Express compares it (case-insensitively): `/send-ports/:name`
 * → `send-ports`. Undefined when the route could match any first segment: a parameter, a pattern, a
 * regular expression, or a middleware for every path.
 */
function firstLiteralSegment(path: unknown): string | undefined {
  if (typeof path !== 'string') return undefined;
  const segment = path.split('/')[1] ?? '';
  return segment === '' || /[^\w.~-]/.test(segment) ? undefined : segment.toLowerCase();
}

function firstSegment(path: string): string {
  const end = path.indexOf('/', 1);
  return (end < 0 ? path.slice(1) : path.slice(1, end)).toLowerCase();
}

export type SegmentRouter = RequestHandler & {
  /** The routers as Express's own router lists its layers, so the route table can still be walked. */
  stack: { handle: Router }[];
};

/**
 * Hands a request to the routers that have a route under its first path segment, in the order given,
 * and to no other. Express alone would enter each of the API's routers in turn, test each of their
 * routes and wait a turn of the event loop between two routers: for the API's most frequent request,
 * reading a send port, that cost more than the database.
 */
export function routeByFirstSegment(routers: Router[]): SegmentRouter {
  const served = routers.map((router) => ({
    router,
    segments: new Set(
      (router.stack as RouterLayer[]).map((layer) => firstLiteralSegment(layer.route?.path ?? layer.rawPath)),
    ),
  }));
  const routersFor = (segment: string | undefined) =>
    served
      .filter(({ segments }) => segments.has(undefined) || (segment !== undefined && segments.has(segment)))
      .map(({ router }) => router);
  const bySegment = new Map<string, Router[]>();
  for (const { segments } of served) {
    for (const segment of segments) if (segment !== undefined) bySegment.set(segment, routersFor(segment));
  }
  const forAnySegment = routersFor(undefined);

  const handler: RequestHandler = (req, res, next) => {
    const candidates = bySegment.get(firstSegment(req.path)) ?? forAnySegment;
    let index = 0;
    const step = (error?: unknown) => {
      // A router that finished without handling the request calls back with nothing (or null).
      if (error !== undefined && error !== null) return next(error);
      const router = candidates[index++];
      if (router) router(req, res, step);
      else next();
    };
    step();
  };
  return Object.assign(handler, { stack: routers.map((router) => ({ handle: router })) });
}
