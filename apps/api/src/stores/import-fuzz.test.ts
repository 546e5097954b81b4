import { listAuditEntries } from '@bts-console/db';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, issueTestCertificate, storePath, type ApiClient } from '../test-support/port-test-client';
import { startTestApp, type TestApp } from '../test-support/test-app';

const CONTENT_TYPES = [
  'application/octet-stream',
  'application/x-x509-ca-cert',
  'text/plain',
  'application/json',
  'multipart/form-data',
  '',
];

describe('POST /api/computers/{computer}/stores/other-people/certificates with arbitrary bytes', () => {
  let app: TestApp;
  let api: ApiClient;
  let certificate: { der: Buffer; pem: string };

  beforeAll(async () => {
    app = await startTestApp();
    api = apiClient(app);
    certificate = issueTestCertificate({ commonName: 'Fuzz Partner', now: app.clock.now() });
    // Sign in now: signing in is audited, and the properties count audit entries.
    await api.call('admin', 'GET', storePath('BTS01'));
  });
  afterAll(async () => {
    await app?.close();
  });

  /** Imports the bytes; every answer must be a success or a problem, and a refusal must write nothing. */
  async function importChecked(bytes: Uint8Array | string, contentType: string): Promise<number> {
    const auditBefore = (await listAuditEntries(app.deps.database.db, { limit: 1 })).total;
    const response = await api.call('admin', 'POST', storePath('BTS01'), {
      bytes,
      headers: { 'content-type': contentType },
    });
    expect(response.status).toBeLessThan(500);
    expect([201, 400, 409, 413, 422]).toContain(response.status);
    const auditAfter = (await listAuditEntries(app.deps.database.db, { limit: 1 })).total;
    expect(auditAfter).toBe(response.status === 201 ? auditBefore + 1 : auditBefore);
    if (response.status !== 201) expect(typeof response.body.detail).toBe('string');
    return response.status;
  }

  it('answers random bytes with a problem, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 3000 }),
        fc.constantFrom(...CONTENT_TYPES.filter((type) => type !== 'application/json')),
        async (bytes, type) => {
          await importChecked(bytes, type);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('answers mutated certificates (flipped, cut, spliced bytes; edited PEM) with 201, 409 or a problem, never a 5xx', async () => {
    const mutation = fc.oneof(
      fc.record({
        kind: fc.constant('flip' as const),
        at: fc.nat(),
        value: fc.integer({ min: 0, max: 255 }),
      }),
      fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
      fc.record({
        kind: fc.constant('splice' as const),
        at: fc.nat(),
        insert: fc.uint8Array({ minLength: 1, maxLength: 20 }),
      }),
      fc.record({ kind: fc.constant('pem' as const), at: fc.nat(), text: fc.string({ maxLength: 5 }) }),
    );
    await fc.assert(
      fc.asyncProperty(
        mutation,
        fc.constantFrom(...CONTENT_TYPES.filter((type) => type !== 'application/json')),
        async (change, type) => {
          const der = certificate.der;
          let bytes: Uint8Array | string;
          if (change.kind === 'flip') {
            const copy = Buffer.from(der);
            copy[change.at % copy.length] = change.value;
            bytes = copy;
          } else if (change.kind === 'cut') bytes = der.subarray(0, change.at % der.length);
          else if (change.kind === 'splice') {
            const at = change.at % der.length;
            bytes = Buffer.concat([der.subarray(0, at), Buffer.from(change.insert), der.subarray(at)]);
          } else {
            const at = change.at % certificate.pem.length;
            bytes =
              certificate.pem.slice(0, at) + change.text + certificate.pem.slice(at + change.text.length);
          }
          await importChecked(bytes, type);
        },
      ),
      { numRuns: 300 },
    );
  });
});
