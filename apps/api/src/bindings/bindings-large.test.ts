import { listAuditEntries, verifyAuditChain, type Certificate } from '@bts-console/db';
import {
  ValueNode,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
} from 'kysely';
import type { BindingsImportReport } from '@bts-console/domain';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addLargeApplication, bindingsSnapshot } from '../test-support/large-application';
import { apiClient, type ApiClient } from '../test-support/port-test-client';
import { startTestApp, TEST_DIALECTS, type TestApp } from '../test-support/test-app';
import { child, parseXml } from './binding-xml';
import { EXPORT_PAGE_SIZE, exportBindings, IMPORT_BATCH_SIZE } from './bindings.service';

/**
 * The row limit of each statement that reads send ports, as the database receives it: a plugin added
 * to the real database sees every query on its way, and changes none.
 */
class SendPortReads implements KyselyPlugin {
  readonly limits: (number | undefined)[] = [];
  transformQuery({ node }: PluginTransformQueryArgs): PluginTransformQueryArgs['node'] {
    if (node.kind === 'SelectQueryNode' && /"send_?ports"/i.test(JSON.stringify(node.from))) {
      const limit = node.limit?.limit;
      this.limits.push(limit && ValueNode.is(limit) ? Number(limit.value) : undefined);
    }
    return node;
  }
  transformResult({ result }: PluginTransformResultArgs): Promise<PluginTransformResultArgs['result']> {
    return Promise.resolve(result);
  }
}

/** The file with one SendPort element's text changed. */
function editPort(xml: string, name: string, edit: (element: string) => string): string {
  const start = xml.indexOf(`<SendPort Name="${name}"`);
  const end = xml.indexOf('</SendPort>', start) + '</SendPort>'.length;
  if (start < 0) throw new Error(`No send port ${name} in the file.`);
  return xml.slice(0, start) + edit(xml.slice(start, end)) + xml.slice(end);
}

/** More ports than two export pages (and two import batches) hold, so that both show at their boundaries. */
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

  it('reads the export a page at a time, each a keyset read of at most a page, written before the next is read', async () => {
    expect(PORTS).toBeGreaterThan(2 * IMPORT_BATCH_SIZE);
    const reads = new SendPortReads();
    const exported = await exportBindings(
      app.deps.database.db.withPlugin(reads),
      APPLICATION,
      app.clock.now(),
    );
    // The first page is read before the answer starts, so that a failure is still problem details.
    expect(reads.limits).toEqual([EXPORT_PAGE_SIZE]);
    const pieces: { text: string; pagesRead: number }[] = [];
    for await (const text of exported.chunks) pieces.push({ text, pagesRead: reads.limits.length });
    expect(reads.limits).toEqual(Array(Math.ceil(PORTS / EXPORT_PAGE_SIZE)).fill(EXPORT_PAGE_SIZE));
    // Every page's text is handed out before the next page is read: pieces of each page come in turn.
    const pagesRead = pieces.map((piece) => piece.pagesRead);
    expect(pagesRead).toEqual([...pagesRead].sort((a, b) => a - b));
    for (let page = 1; page <= reads.limits.length; page += 1) {
      expect(pagesRead.filter((read) => read === page).length).toBeGreaterThan(1);
    }
    // No piece is a page's whole text: about 64 KB, one port more at most.
    expect(Math.max(...pieces.map((piece) => piece.text.length))).toBeLessThan(70 * 1024);
    const whole = pieces.map((piece) => piece.text).join('');
    expect(whole).toBe((await api.call('reader', 'GET', path)).body);
  });

  it('takes back every batch already written when a later batch of the file refuses a port', async () => {
    const exported = (await api.call('admin', 'GET', path)).body as string;
    const [first] = names;
    if (first === undefined) throw new Error('No ports.');
    const moved = editPort(exported, first, (element) =>
      element.replace(/<Address>[^<]*<\/Address>/, '<Address>C:\\Moved\\%MessageID%.xml</Address>'),
    );
    // The first port again, at the end of the file: the last batch refuses it as a duplicate.
    const start = moved.indexOf(`<SendPort Name="${first}"`);
    const copy = moved.slice(start, moved.indexOf('</SendPort>', start) + '</SendPort>'.length);
    const file = moved.replace('</SendPortCollection>', `${copy}\n  </SendPortCollection>`);
    const before = await snapshot();

    const refused = await api.call('admin', 'POST', path, {
      bytes: Buffer.from(file),
      headers: { 'content-type': 'application/xml' },
    });
    expect(refused.status).toBe(422);
    const report = refused.body.report as BindingsImportReport;
    expect(report.updated).toEqual([{ sendPort: first, changes: ['uri'] }]);
    expect(report.refused.map(({ sendPort, code }) => ({ sendPort, code }))).toEqual([
      { sendPort: first, code: 'duplicate-send-port' },
    ]);
    expect([report.applied, report.batchId]).toEqual([false, null]);
    expect(report.unchanged).toHaveLength(PORTS - 1);
    expect(await snapshot()).toEqual(before);

    const partial = await api.call('admin', 'POST', `${path}?partial=true`, {
      bytes: Buffer.from(file),
      headers: { 'content-type': 'application/xml' },
    });
    expect(partial.status).toBe(200);
    const applied = partial.body as BindingsImportReport;
    expect(applied.applied).toBe(true);
    expect(applied.refused).toHaveLength(1);
    const port = await api.call('admin', 'GET', `/api/send-ports/${encodeURIComponent(first)}`);
    expect(port.body.uri).toBe('C:\\Moved\\%MessageID%.xml');
    const audit = await listAuditEntries(app.deps.database.db, { batchId: applied.batchId ?? '' });
    expect(audit.items.map((entry) => `${entry.action} ${entry.target}`).sort()).toEqual([
      `bindings.import ${APPLICATION}`,
      `send-port.update ${first}`,
    ]);
    expect(await verifyAuditChain(app.deps.database.db)).toMatchObject({ ok: true });
  });
});
