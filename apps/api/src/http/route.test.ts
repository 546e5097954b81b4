import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registeredOperations } from '../openapi/registry';
import { call } from '../test-support/http';
import { startTestApp, type TestApp } from '../test-support/test-app';

/** What every route declared with defineRoute does the same way, whatever it serves. */
describe('routes declared once', () => {
  let app: TestApp;
  let reader: Record<string, string>;
  beforeAll(async () => {
    app = await startTestApp();
    reader = { authorization: `Bearer ${await app.createToken('reader')}` };
  });
  afterAll(() => app.close());

  it('reads no body from a caller it refuses: who asks is checked first', async () => {
    const tooLarge = 'A'.repeat(1024 * 1024 + 1);
    const anonymous = await call(app.baseUrl, '/api/send-ports/SP.Orders.AS2/test-message', {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: tooLarge,
    });
    expect(anonymous.status).toBe(401);
    const notAnOperator = await call(app.baseUrl, '/api/send-ports/SP.Orders.AS2/test-message', {
      method: 'POST',
      headers: { ...reader, 'content-type': 'application/octet-stream' },
      body: tooLarge,
    });
    expect(notAnOperator.status).toBe(403);
    const malformed = await call(app.baseUrl, '/api/applications', {
      method: 'POST',
      headers: reader,
      body: '{"name": "Contoso", oops',
    });
    expect(malformed.status).toBe(403);
  });

  it('gives a route that takes no body none: a JSON body sent anyway is not read', async () => {
    const response = await call<{ name: string }>(app.baseUrl, '/api/send-ports/SP.Orders.AS2', {
      method: 'GET',
      headers: { ...reader, 'content-type': 'application/json' },
    });
    expect(response.status).toBe(200);
    const started = await call<{ status: string }>(app.baseUrl, '/api/send-ports/SP.Orders.AS2/stop', {
      method: 'POST',
      headers: { authorization: `Bearer ${await app.createToken('operator')}` },
      body: '{"not": json',
    });
    expect(started.status).toBe(200);
    expect(started.body.status).toBe('Stopped');
  });

  it('documents the refusals its declaration implies: 401 where it needs a user, 403 for a role, 422 where it validates', () => {
    const operations = registeredOperations();
    expect(operations.length).toBeGreaterThan(15);
    for (const operation of operations) {
      const name = `${operation.method} ${operation.path}`;
      if (!operation.anonymous) expect(operation.responses[401], name).toBeDefined();
      if (operation.params || operation.query || (operation.body && operation.body !== 'binary')) {
        expect(operation.responses[422], name).toBeDefined();
      }
    }
    const assign = operations.find(
      (operation) => operation.method === 'put' && operation.path === '/api/send-ports/{name}/certificate',
    );
    expect(assign?.responses[403]?.description).toBe('Not an administrator');
    const start = operations.find(
      (operation) => operation.method === 'post' && operation.path === '/api/send-ports/{name}/start',
    );
    expect(start?.responses[403]?.description).toBe('Neither an administrator nor an operator');
  });
});
