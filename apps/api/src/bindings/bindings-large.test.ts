import type { Certificate } from '@bts-console/db';
import type { BindingsImportReport } from '@bts-console/domain';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addLargeApplication, bindingsSnapshot } from '../test-support/large-application';
import { apiClient, type ApiClient } from '../test-support/port-test-client';
import { startTestApp, TEST_DIALECTS, type TestApp } from '../test-support/test-app';
import { child, parseXml } from './binding-xml';
import { EXPORT_PAGE_SIZE } from './bindings.service';

/** More ports than two export pages hold, so that paging shows at both page boundaries. */
const PORTS = 2 * EXPORT_PAGE_SIZE + 345;
const APPLICATION = 'Large.Bindings';

describe.each(TEST_DIALECTS)('binding files of thousands of ports (%s)', (dialect) => {
  let app: TestApp;
  let api: ApiClient;
  let certificate: Certificate;
  /** The generated ports' names, in the order the export writes them (by name). */
  let names: string[];

  const path = `/api/applications/${encodeURIComponent(APPLICATION)}/bindings`;

  const snapshot = () => bindingsSnapshot(app.deps.database.db);

  beforeAll(async () => {
    app = await startTestApp({ dialect });
    api = apiClient(app);
    ({ certificate, names } = await addLargeApplication(app.deps.database.db, {
      name: APPLICATION,
      size: PORTS,
      prefix: 'Large.Port',
    }));
  });
  afterAll(async () => {
    await app?.close();
  });

  it('exports every port once, in name order across its pages, each certificate with its names', async () => {
    const response = await api.call('reader', 'GET', path);
    expect(response.status).toBe(200);
    const xml = response.body as string;
    const sendPorts = child(parseXml(xml), 'SendPortCollection')?.children ?? [];
    expect(sendPorts.map((port) => port.attributes.get('Name'))).toEqual(names);
    const certificates = sendPorts.flatMap((port) => {
      const encryptionCert = child(port, 'EncryptionCert');
      return encryptionCert ? [encryptionCert] : [];
    });
    expect(certificates).toHaveLength(Math.ceil(PORTS / 3));
    for (const encryptionCert of certificates) {
      expect(Object.fromEntries(encryptionCert.attributes)).toEqual({
        LongName: certificate.subject,
        ShortName: `${certificate.subjectCommonName}, ${certificate.issuerCommonName}`,
        UsageType: 'Encryption',
        ThumbPrint: certificate.thumbprint,
      });
    }
  });

  it.each([
    ['identity', (bytes: Buffer) => bytes],
    ['gzip', (bytes: Buffer) => gzipSync(bytes)],
    ['deflate', (bytes: Buffer) => deflateSync(bytes)],
    ['br', (bytes: Buffer) => brotliCompressSync(bytes)],
  ])('imports its own export back (Content-Encoding: %s), changing nothing', async (encoding, encode) => {
    const exported = (await api.call('admin', 'GET', path)).body as string;
    const before = await snapshot();
    const response = await api.call('admin', 'POST', path, {
      bytes: encode(Buffer.from(exported)),
      headers: { 'content-type': 'application/xml', 'content-encoding': encoding },
    });
    expect(response.status).toBe(200);
    const report = response.body as BindingsImportReport;
    expect(report.unchanged).toEqual(names);
    expect([report.created, report.updated, report.refused]).toEqual([[], [], []]);
    expect(report.batchId).toBeNull();
    expect(await snapshot()).toEqual(before);
  });
});
