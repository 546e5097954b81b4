import type { Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app';
import { registeredOperations } from './registry';
import { call } from '../test-support/http';
import { startTestApp, type TestApp } from '../test-support/test-app';

/** The parts of Express 5's router layers that tell which routes exist. */
interface RouterLayer {
  rawPath?: unknown;
  route?: { path: unknown; methods: Record<string, boolean> };
  handle?: { stack?: RouterLayer[] };
}

/** Every `METHOD /path` the app routes, in OpenAPI style (`:name` becomes `{name}`). */
function routedOperations(stack: RouterLayer[], prefix = ''): string[] {
  const found: string[] = [];
  for (const layer of stack) {
    if (layer.route) {
      // A regular-expression route is the console's SPA fallback, not an API operation.
      if (typeof layer.route.path !== 'string') continue;
      const path = `${prefix}${layer.route.path}`.replace(/:(\w+)/g, '{$1}');
      for (const [method, handled] of Object.entries(layer.route.methods)) {
        if (handled && method !== '_all') found.push(`${method.toUpperCase()} ${path}`);
      }
    } else if (layer.handle?.stack) {
      const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
      found.push(...routedOperations(layer.handle.stack, `${prefix}${mount}`));
    }
  }
  return found;
}

interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, { responses: Record<string, unknown>; requestBody?: unknown }>>;
  components: { schemas: Record<string, unknown> };
}

/** Every $ref in the document, so the test can check each one resolves. */
function collectRefs(value: unknown, refs: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) collectRefs(item, refs);
  else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === '$ref' && typeof inner === 'string') refs.push(inner);
      else collectRefs(inner, refs);
    }
  }
  return refs;
}

describe('OpenAPI document and docs', () => {
  let app: TestApp;
  let document: OpenApiDocument;
  beforeAll(async () => {
    app = await startTestApp({ seed: 'none' });
    document = (await call<OpenApiDocument>(app.baseUrl, '/api/openapi.json')).body;
  });
  afterAll(() => app.close());

  it('is OpenAPI 3.1 and has every registered operation', () => {
    expect(document.openapi).toBe('3.1.0');
    const operations = registeredOperations();
    expect(operations.length).toBeGreaterThan(15);
    for (const operation of operations) {
      expect(
        document.paths[operation.path]?.[operation.method],
        `${operation.method} ${operation.path}`,
      ).toBeDefined();
    }
    for (const path of [
      '/api/session',
      '/api/tokens',
      '/api/tokens/{id}',
      '/api/users',
      '/api/group',
      '/api/applications',
      '/api/applications/{app}/artifacts',
      '/api/thumbprints/normalize',
      '/api/audit',
      '/api/audit/verify',
      '/api/health',
    ]) {
      expect(document.paths[path], path).toBeDefined();
    }
  });

  it('documents exactly the routes the app serves, apart from the docs pages', () => {
    const express = createApp(app.deps) as Express & { router: { stack: RouterLayer[] } };
    const routed = routedOperations(express.router.stack).filter(
      (operation) => !/ \/api\/docs(\/|$)/.test(operation),
    );
    const documented = registeredOperations().map(
      (operation) => `${operation.method.toUpperCase()} ${operation.path}`,
    );
    expect(routed.length).toBeGreaterThan(15);
    expect([...new Set(routed)].sort()).toEqual([...new Set(documented)].sort());
    expect(routed.length, 'a route is registered twice').toBe(new Set(routed).size);
  });

  it('describes bodies with the contract schemas, and every $ref resolves', () => {
    const schemas = document.components.schemas;
    for (const id of [
      'SignInRequest',
      'Session',
      'Group',
      'Application',
      'ProblemDetails',
      'AuditEntry',
      'NormalizeThumbprintResponse',
    ]) {
      expect(schemas[id], id).toBeDefined();
    }
    expect(schemas.SignInRequest).toMatchObject({
      type: 'object',
      required: expect.arrayContaining(['username', 'password']),
    });
    for (const ref of collectRefs(document)) {
      const id = ref.replace('#/components/schemas/', '');
      expect(schemas[id], ref).toBeDefined();
    }
  });

  it('serves interactive docs from the package itself, with no inline script and no outside URL', async () => {
    const page = await call<string>(app.baseUrl, '/api/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.body).not.toMatch(/https?:\/\//);
    expect(page.body).not.toMatch(/<script>(?!<\/script>)|<script[^>]*>[^<]+<\/script>/);
    const sources = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(sources.length).toBeGreaterThanOrEqual(4);
    for (const source of sources) {
      const asset = await fetch(`${app.baseUrl}${source}`);
      expect(asset.status, source).toBe(200);
      await asset.arrayBuffer();
    }
    const initializer = await call<string>(app.baseUrl, '/api/docs/bts-console-docs.js');
    expect(initializer.body).toContain("url: '/api/openapi.json'");
    expect(initializer.body).toContain('validatorUrl: null');
  });
});
