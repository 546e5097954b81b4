import {
  computersHavingEach,
  countSuspendedBySendPort,
  getCertificates,
  getProcessingServersBySendHandler,
  listCertificatesInUse,
} from '@bts-console/db';
import { certificateHealth, firstWarningDays, ProblemDetailsSchema } from '@bts-console/domain';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { timingSafeEqual } from 'node:crypto';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { z } from 'zod';
import type { AppDependencies } from '../app-dependencies';
import { authenticate } from '../auth/authenticate';
import { HttpProblem } from '../http/problem';
import { registerOperation } from '../openapi/registry';

/** The metrics of DESIGN §13, with the process and HTTP metrics, in a registry of this app's own. */
export interface AppMetrics {
  /** Times every request and counts it by method, route family and status. */
  countRequests: RequestHandler;
  /** GET /metrics: the Prometheus text format, to a signed-in user or the metrics token; 401 otherwise. */
  serveMetrics: RequestHandler[];
}

/** Few label values: the resource a request went to (`/api/send-ports`), not each port's URL. */
function routeFamily(path: string): string {
  const [first = '', second = ''] = path.split('/').filter((segment) => segment !== '');
  if (first === 'api') return second === '' ? '/api' : `/api/${second}`;
  if (first === 'metrics') return '/metrics';
  return '/console';
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

registerOperation({
  method: 'get',
  path: '/metrics',
  summary:
    'Prometheus metrics: certificate expiry and health, missing servers, suspended instances, process and HTTP',
  description:
    'For an API token or session of any role, or `Authorization: Bearer` with BTS_METRICS_TOKEN; never for anonymous callers.',
  tags: ['Monitoring'],
  responses: {
    200: {
      description: 'The Prometheus text exposition format, version 0.0.4',
      schema: z.string().meta({ id: 'PrometheusText', description: 'Prometheus text format' }),
      contentType: 'text/plain',
    },
    401: { description: 'Not signed in and no metrics token', schema: ProblemDetailsSchema },
  },
});

export function createMetrics(deps: AppDependencies): AppMetrics {
  const { database, clock, config } = deps;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const requestDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, route family and status',
    labelNames: ['method', 'route', 'status_code'] as const,
    registers: [registry],
  });
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route family and status',
    labelNames: ['method', 'route', 'status_code'] as const,
    registers: [registry],
  });
  const notAfter = new Gauge({
    name: 'bts_certificate_not_after_seconds',
    help: 'Not After of each certificate a send port uses, in seconds since the epoch',
    labelNames: ['thumbprint', 'common_name'] as const,
    registers: [registry],
  });
  const portHealth = new Gauge({
    name: 'bts_send_port_certificate_health',
    help: "1 for the health of each send port's encryption certificate (valid, expiring, expired, not-yet-valid, missing-on-servers)",
    labelNames: ['send_port', 'application', 'health'] as const,
    registers: [registry],
  });
  const missingOnServer = new Gauge({
    name: 'bts_certificate_missing_on_server',
    help: '1 for each processing server whose Other People store lacks a certificate that a port it processes uses',
    labelNames: ['thumbprint', 'server'] as const,
    registers: [registry],
  });
  const suspended = new Gauge({
    name: 'bts_suspended_instances',
    help: 'Suspended (resumable) message instances of each send port',
    labelNames: ['send_port'] as const,
    registers: [registry],
  });

  /** Reads the group's state afresh at each scrape, so a series disappears with what it described. */
  async function refresh(): Promise<void> {
    const db = database.db;
    const now = clock.now();
    const inUse = await listCertificatesInUse(db);
    const thumbprints = inUse.map((certificate) => certificate.thumbprint);
    const [certificates, holders, suspendedCounts] = await Promise.all([
      getCertificates(db, thumbprints),
      computersHavingEach(db, thumbprints),
      countSuspendedBySendPort(db),
    ]);
    notAfter.reset();
    portHealth.reset();
    missingOnServer.reset();
    suspended.reset();
    for (const certificate of inUse) {
      notAfter.set(
        { thumbprint: certificate.thumbprint, common_name: certificate.commonName ?? '' },
        Date.parse(certificate.notAfter) / 1000,
      );
      const held = new Set((holders.get(certificate.thumbprint) ?? []).map((name) => name.toLowerCase()));
      const byHandler = await getProcessingServersBySendHandler(db, {
        certificateThumbprint: certificate.thumbprint,
      });
      const missing = new Set<string>();
      const known = certificates.get(certificate.thumbprint);
      const validity = known ? { notBefore: known.notBefore, notAfter: known.notAfter } : null;
      for (const port of certificate.sendPorts) {
        const servers = byHandler.get(port.sendHandlerHostId) ?? [];
        const lacking = servers.filter((server) => !held.has(server.name.toLowerCase()));
        for (const server of lacking) missing.add(server.name);
        portHealth.set(
          {
            send_port: port.name,
            application: port.application,
            health: certificateHealth(
              validity,
              lacking.length,
              now,
              firstWarningDays(config.expiryWarningDays),
            ),
          },
          1,
        );
      }
      for (const server of missing) missingOnServer.set({ thumbprint: certificate.thumbprint, server }, 1);
    }
    for (const count of suspendedCounts) suspended.set({ send_port: count.sendPort }, count.count);
  }

  const countRequests: RequestHandler = (req, res, next) => {
    const end = requestDuration.startTimer();
    res.once('finish', () => {
      const labels = {
        method: req.method,
        route: routeFamily(req.originalUrl.split('?', 1)[0] ?? ''),
        status_code: String(res.statusCode),
      };
      end(labels);
      requests.inc(labels);
    });
    next();
  };

  const signedIn = authenticate(deps);
  const allow: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
    if (match && config.metricsToken !== undefined && sameSecret(match[1]!, config.metricsToken)) {
      return next();
    }
    signedIn(req, res, (error?: unknown) => {
      if (error !== undefined && error !== null) return next(error);
      if (!req.auth) {
        return next(
          new HttpProblem({
            status: 401,
            code: 'unauthenticated',
            detail:
              'Metrics are for signed-in users and monitoring: send Authorization: Bearer with an API token (POST /api/tokens) or with BTS_METRICS_TOKEN.',
            headers: { 'WWW-Authenticate': 'Bearer' },
          }),
        );
      }
      next();
    });
  };
  const serve: RequestHandler = async (_req, res) => {
    await refresh();
    res.setHeader('Cache-Control', 'no-store');
    res.type(registry.contentType).send(await registry.metrics());
  };
  return { countRequests, serveMetrics: [allow, serve] };
}
