import express, { Router, type Express } from 'express';
import helmet from 'helmet';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { AppDependencies } from './app-dependencies';
import { createAlertsRouter } from './alerts/alerts.router';
import { createApplicationsRouter } from './applications/applications.router';
import { createAuditRouter } from './audit/audit.router';
import { createBindingsRouter } from './bindings/bindings.router';
import { authenticate, readSignedIn } from './auth/authenticate';
import { rejectCrossSiteRequests } from './auth/cross-site';
import { createCertificatesRouter } from './certificates/certificates.router';
import { createDocsRouter } from './docs/docs.router';
import { createGroupRouter } from './group/group.router';
import { createHealthRouter } from './health/health.router';
import { compressJson } from './http/compress-json';
import { serveConsole } from './http/console-files';
import { createCertificateReplacementsRouter } from './lifecycle/replacements.router';
import { handleErrors, notFoundUnderApi } from './http/error-handler';
import { acceptOnlyKnownHosts, noStore } from './http/edge-headers';
import { logRequests } from './http/request-log';
import { routeByFirstSegment } from './http/route-by-first-segment';
import { createMetrics } from './metrics/metrics';
import { createOpenApiRouter } from './openapi/openapi.router';
import { createRuntimeRouter } from './runtime/runtime.router';
import { createSendPortsRouter } from './send-ports/send-ports.router';
import { createSessionRouter } from './session/session.router';
import { createStoresRouter } from './stores/stores.router';
import { createTestClockRouter } from './test-clock/test-clock.router';
import { createThumbprintsRouter } from './thumbprints/thumbprints.router';
import { createTokensRouter } from './tokens/tokens.router';
import { createUsersRouter } from './users/users.router';

/** The one Express app: API under /api, the built console everywhere else. */
export function createApp(deps: AppDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.config.trustProxy);

  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          // Fluent UI's CSS-in-JS inserts <style> elements; scripts stay strict.
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          scriptSrcAttr: ["'none'"],
          upgradeInsecureRequests: null,
        },
      },
      strictTransportSecurity: deps.config.secureCookies,
      // frame-ancestors 'none' says it, and supersedes X-Frame-Options; one rule cannot disagree with itself.
      xFrameOptions: false,
      // Same-origin pages still send Referer, the CSRF check's fallback when Origin is absent.
      referrerPolicy: { policy: 'same-origin' },
    }),
  );

  app.use(logRequests(deps.logger));
  app.use(acceptOnlyKnownHosts(deps.config));
  const metrics = createMetrics(deps);
  app.use(metrics.countRequests);
  app.get('/metrics', ...metrics.serveMetrics);

  // Everything under /api is one router: Express strips the prefix once, not at each layer.
  // Each route reads its own body, as it declares it (http/route.ts), after the caller is authorized.
  const api = Router();
  api.use(noStore);
  api.use(compressJson);
  // One reader of sessions for the API and the console's pages, so they share the sessions it keeps.
  const signedIn = readSignedIn(deps);
  api.use(authenticate(deps, signedIn));
  api.use(rejectCrossSiteRequests(deps));

  api.use(
    routeByFirstSegment([
      createHealthRouter(deps),
      createOpenApiRouter(deps),
      createDocsRouter(deps),
      createSessionRouter(deps),
      createTokensRouter(deps),
      createUsersRouter(deps),
      createGroupRouter(deps),
      createApplicationsRouter(deps),
      createThumbprintsRouter(deps),
      createAuditRouter(deps),
      createSendPortsRouter(deps),
      createStoresRouter(deps),
      createCertificatesRouter(deps),
      createRuntimeRouter(deps),
      createBindingsRouter(deps),
      createCertificateReplacementsRouter(deps),
      createTestClockRouter(deps),
      createAlertsRouter(deps),
    ]),
  );
  api.use(notFoundUnderApi);
  app.use('/api', api);

  const webDist = resolve(deps.config.webDistDir ?? join(import.meta.dirname, '../../web/dist'));
  if (existsSync(join(webDist, 'index.html')))
    app.use(
      serveConsole(webDist, {
        signedIn: async (req) => (await signedIn(req, performance.now())) !== null,
      }),
    );

  app.use(handleErrors(deps));
  return app;
}
