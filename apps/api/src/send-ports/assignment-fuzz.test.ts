import { DEMO_CERTIFICATES, listAuditEntries, verifyAuditChain } from '@bts-console/db';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../test-support/test-app';
import { apiClient, portPath, storePath, type ApiClient } from '../test-support/port-test-client';

const PORT = 'SP.Orders.Confirmation.FILE';

/** Pieces people paste, and pieces they should not: the parser must answer each with 200 or a problem. */
const THUMBPRINT_PIECES = [
  'A',
  'f',
  '0',
  '9',
  ' ',
  ':',
  '-',
  '\t',
  '\n',
  '\u00A0',
  '\u200E',
  '\uFEFF',
  'G',
  'é',
  '😀',
  'SHA1 Fingerprint=',
  'sha256 Fingerprint=',
  '\u0000',
  '"',
  '%',
];

describe('PUT /api/send-ports/{name}/certificate with arbitrary bodies', () => {
  let app: TestApp;
  let api: ApiClient;
  let etag = '';
  const thumbprints: string[] = [];

  beforeAll(async () => {
    app = await startTestApp();
    api = apiClient(app);
    for (const spec of Object.values(DEMO_CERTIFICATES)) {
      const found = await api.call(
        'admin',
        'GET',
        `${storePath('ADMIN01')}?q=${encodeURIComponent(spec.commonName)}`,
      );
      thumbprints.push(found.body.items[0].thumbprint);
    }
    etag = (await api.call('admin', 'GET', portPath(PORT))).headers.get('etag') ?? '';
  });
  afterAll(async () => {
    await app?.close();
  });

  const thumbprintLike = fc.oneof(
    fc.array(fc.constantFrom(...THUMBPRINT_PIECES), { maxLength: 80 }).map((pieces) => pieces.join('')),
    fc.string({ unit: 'grapheme', maxLength: 100 }),
    fc.stringMatching(/^[0-9A-Fa-f]{40}$/),
    fc.constant('').chain(() => fc.constantFrom(...thumbprints)),
  );
  const assignment = fc.record(
    {
      thumbprint: fc.oneof(thumbprintLike, fc.jsonValue()),
      acknowledgeMissingOn: fc.oneof(
        fc.subarray(['BTS01', 'BTS02', 'bts02', 'ADMIN01', 'NOPE']),
        fc.array(fc.string({ maxLength: 80 }), { maxLength: 5 }),
        fc.jsonValue(),
      ),
      reason: fc.oneof(fc.string({ maxLength: 50 }), fc.jsonValue()),
    },
    { requiredKeys: [] },
  );
  const body = fc.oneof(
    assignment.map((value) => JSON.stringify(value)),
    fc.jsonValue().map((value) => JSON.stringify(value)),
    fc.string({ unit: 'binary', maxLength: 200 }),
  );
  const ifMatch = fc.oneof(
    fc.constant('current'),
    fc.constant('none'),
    // Header values travel as visible ASCII; anything else never reaches the server.
    fc
      .string({ unit: 'binary-ascii', maxLength: 30 })
      .filter((value) => /^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/.test(value)),
  );

  it('never answers 5xx, and every refusal is a problem document', async () => {
    await fc.assert(
      fc.asyncProperty(body, ifMatch, async (text, tag) => {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (tag === 'current') headers['if-match'] = etag;
        else if (tag !== 'none') headers['if-match'] = tag;
        const response = await api.call('admin', 'PUT', portPath(PORT, '/certificate'), {
          bytes: text,
          headers,
        });
        expect([200, 400, 412, 422, 428]).toContain(response.status);
        if (response.status === 200) etag = response.headers.get('etag') ?? etag;
        else {
          expect(response.headers.get('content-type')).toContain('application/problem+json');
          expect(typeof response.body.detail).toBe('string');
        }
      }),
      { numRuns: 400 },
    );
    const port = await api.call('admin', 'GET', portPath(PORT));
    const [last] = (
      await listAuditEntries(app.deps.database.db, { target: PORT, action: 'certificate.assign' })
    ).items;
    if (last)
      expect(port.body.certificate?.thumbprint).toBe((last.after as { thumbprint: string }).thumbprint);
    expect(await verifyAuditChain(app.deps.database.db)).toEqual(expect.objectContaining({ ok: true }));
  });
});
