import {
  findDemoCertificate,
  listAuditEntries,
  verifyAuditChain,
  type DemoCertificateCaseName,
} from '@bts-console/db';
import type { BindingsImportReport } from '@bts-console/domain';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bindingsSnapshot } from '../test-support/large-application';
import { apiClient, type ApiClient, type ApiResponse, type Caller } from '../test-support/port-test-client';
import { startTestApp, TEST_DIALECTS, type TestApp } from '../test-support/test-app';
import { child, MAX_XML_DEPTH, parseXml, type XmlElement } from './binding-xml';

const FIXTURES = join(import.meta.dirname, '../../test/fixtures/bindings');
const SCHEMA = join(FIXTURES, 'binding-info-send-ports.xsd');
const APP1 = 'BizTalk Application 1';

/** The element names of BizTalk's SendPort sequence, read from the schema the export is checked against. */
function sendPortSchemaOrder(): string[] {
  const schema = readFileSync(SCHEMA, 'utf8');
  const type = /<xs:complexType name="SendPort">([\s\S]*?)<\/xs:sequence>/.exec(schema)?.[1] ?? '';
  return [...type.matchAll(/name="([A-Za-z]+)"/g)].map((match) => match[1] ?? '');
}

/** xmllint, the outside oracle for well-formedness and schema validity. */
class Xmllint {
  readonly dir = mkdtempSync(join(tmpdir(), 'bts-bindings-'));
  private count = 0;

  check(xml: string, args: string[]): { ok: boolean; output: string } {
    const file = join(this.dir, `document-${(this.count += 1)}.xml`);
    writeFileSync(file, xml);
    const result = spawnSync('xmllint', [...args, file], { encoding: 'utf8' });
    return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
  }

  xpath(xml: string, expression: string): string {
    const file = join(this.dir, `document-${(this.count += 1)}.xml`);
    writeFileSync(file, xml);
    return execFileSync('xmllint', ['--xpath', expression, file], { encoding: 'utf8' }).trim();
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function utf16(text: string, order: 'le' | 'be'): Buffer {
  const bytes = Buffer.from(`\uFEFF${text}`, 'utf16le');
  return order === 'le' ? bytes : bytes.swap16();
}

function sendPorts(root: XmlElement): readonly XmlElement[] {
  return child(root, 'SendPortCollection')?.children ?? [];
}

describe.each(TEST_DIALECTS)('binding files (%s)', (dialect) => {
  let app: TestApp;
  let api: ApiClient;
  const xmllint = new Xmllint();

  /** Fixture text with the demo certificates' thumbprints (they change at every seed) filled in. */
  async function fixture(name: string): Promise<string> {
    const bytes = readFileSync(join(FIXTURES, name));
    const text =
      bytes[0] === 0xff && bytes[1] === 0xfe ? bytes.subarray(2).toString('utf16le') : bytes.toString('utf8');
    let filled = text;
    for (const match of text.matchAll(/\{\{thumbprint:(\w+)\}\}/g)) {
      const certificate = await findDemoCertificate(
        app.deps.database.db,
        match[1] as DemoCertificateCaseName,
      );
      filled = filled.replace(match[0], certificate?.thumbprint ?? 'missing demo certificate');
    }
    return filled;
  }

  function bindingsPath(application: string, query = ''): string {
    return `/api/applications/${encodeURIComponent(application)}/bindings${query}`;
  }

  function exportBindings(application: string, caller: Caller = 'admin'): Promise<ApiResponse> {
    return api.call(caller, 'GET', bindingsPath(application));
  }

  function importBindings(
    application: string,
    file: string | Uint8Array,
    query = '',
    caller: Caller = 'admin',
    contentType = 'application/xml',
    headers: Record<string, string> = {},
  ): Promise<ApiResponse> {
    return api.call(caller, 'POST', bindingsPath(application, query), {
      bytes: file,
      headers: { 'content-type': contentType, ...headers },
    });
  }

  /** Everything an import could change. */
  const snapshot = () => bindingsSnapshot(app.deps.database.db);

  beforeAll(async () => {
    // The limit is configurable (BTS_BINDING_FILE_MAX_MB); a small one keeps the test of it small.
    app = await startTestApp({ dialect, config: { bindingFileMaxBytes: 10 * 1024 * 1024 } });
    api = apiClient(app);
  });
  afterAll(async () => {
    xmllint.cleanup();
    await app?.close();
  });

  describe('export', () => {
    it('writes a BindingInfo attachment that is well-formed and valid against the SendPort schema', async () => {
      const response = await exportBindings('Contoso.Orders');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/xml/);
      expect(response.headers.get('content-disposition')).toBe(
        'attachment; filename=Contoso.Orders.BindingInfo.xml',
      );
      const xml = response.body as string;

      expect(xmllint.check(xml, ['--noout'])).toEqual({ ok: true, output: '' });
      const validation = xmllint.check(xml, ['--noout', '--schema', SCHEMA]);
      expect(validation.output).toContain('validates');
      expect(validation.ok).toBe(true);

      const root = parseXml(xml);
      expect(root.children.map((element) => element.name)).toEqual([
        'Timestamp',
        'ModuleRefCollection',
        'SendPortCollection',
        'DistributionListCollection',
        'ReceivePortCollection',
        'PartyCollection',
      ]);
      expect(child(root, 'PartyCollection')?.nil).toBe(true);
      expect(child(root, 'Timestamp')?.text).toBe('2026-11-25T12:00:00.000Z');
    });

    it("writes each send port's elements in the schema's order, EncryptionCert right after SecondaryTransport", async () => {
      const xml = (await exportBindings('Contoso.Orders')).body as string;
      const order = sendPortSchemaOrder();
      expect(order.slice(3, 6)).toEqual(['PrimaryTransport', 'SecondaryTransport', 'EncryptionCert']);
      const ports = sendPorts(parseXml(xml));
      expect(ports.map((port) => port.attributes.get('Name'))).toEqual([
        'SP.Orders.AS2',
        'SP.Orders.Confirmation.FILE',
        'SP.Orders.Dynamic',
        'SP.Orders.Notify.SMTP',
        'SP.Orders.Secure.HTTP',
        'SP.Orders.Status.WCF',
      ]);
      for (const port of ports) {
        const names = port.children.map((element) => element.name);
        const positions = names.map((name) => order.indexOf(name));
        expect(positions.every((position) => position >= 0)).toBe(true);
        expect(positions).toEqual([...positions].sort((a, b) => a - b));
      }

      const certificate = await findDemoCertificate(app.deps.database.db, 'validEverywhere');
      const as2 = 'SP.Orders.AS2';
      expect(
        xmllint.xpath(xml, `name(//SendPort[@Name='${as2}']/SecondaryTransport/following-sibling::*[1])`),
      ).toBe('EncryptionCert');
      const cert = child(ports[0], 'EncryptionCert');
      expect(Object.fromEntries(cert?.attributes ?? [])).toEqual({
        LongName: certificate?.subject,
        ShortName: `${certificate?.subjectCommonName}, ${certificate?.issuerCommonName}`,
        UsageType: 'Encryption',
        ThumbPrint: certificate?.thumbprint,
      });
      const withoutCertificate = ports.filter((port) => port.attributes.get('Name') !== as2);
      expect(withoutCertificate.map((port) => child(port, 'EncryptionCert'))).toEqual(
        withoutCertificate.map(() => undefined),
      );
      expect(xmllint.xpath(xml, 'count(//EncryptionCert)')).toBe('1');
    });

    it('escapes names and texts with &, <, quotes and line breaks, and reads them back unchanged', async () => {
      const application = "Fish & Chips's Shop";
      const created = await api.call('admin', 'POST', '/api/applications', { json: { name: application } });
      expect(created.status).toBe(201);
      const name = 'SP.Fish&Chips "<Special>"';
      const description = 'Fried <fish> & "chips"\tto \'go\'\r\nsecond line';
      const file = (await fixture('biztalk-2010.utf-16le.BindingInfo.xml'))
        .replace(
          'SP.Tailspin.Orders.HTTP',
          name.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;'),
        )
        .replace(
          'Orders to Tailspin Toys &lt;HTTP POST&gt;',
          description.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/\r/g, '&#xD;'),
        )
        .replace(/<SendPort Name="SendPort2\.Secure"[\s\S]*?<\/SendPort>/, '');
      const imported = await importBindings(application, utf16(file, 'le'));
      expect(imported.status).toBe(200);
      expect((imported.body as BindingsImportReport).created).toEqual([name]);

      const response = await exportBindings(application);
      expect(response.headers.get('content-disposition')).toBe(
        `attachment; filename="Fish & Chips's Shop.BindingInfo.xml"`,
      );
      const xml = response.body as string;
      expect(xmllint.check(xml, ['--noout', '--schema', SCHEMA]).ok).toBe(true);
      const [port] = sendPorts(parseXml(xml));
      expect(port?.attributes.get('Name')).toBe(name);
      expect(child(port, 'Description')?.text).toBe(description);
      expect(child(port, 'ApplicationName')?.text).toBe(application);
      expect(xmllint.xpath(xml, 'string(//SendPort/@Name)')).toBe(name);

      const again = await importBindings(application, xml);
      expect(again.body).toMatchObject({ created: [], updated: [], unchanged: [name], refused: [] });
    });

    it('validates for every application of the demo group: static, dynamic, two-way, backup transports, maps', async () => {
      const applications = (await api.call('reader', 'GET', '/api/applications')).body.items as {
        name: string;
      }[];
      expect(applications.length).toBeGreaterThanOrEqual(5);
      for (const { name } of applications) {
        const xml = (await exportBindings(name, 'reader')).body as string;
        const validation = xmllint.check(xml, ['--noout', '--schema', SCHEMA]);
        expect({ name, ...validation }).toMatchObject({
          name,
          ok: true,
          output: expect.stringContaining('validates'),
        });
      }
    });

    it('is open to every signed-in role, and says which application is missing', async () => {
      expect((await exportBindings('Contoso.Orders', 'reader')).status).toBe(200);
      expect((await exportBindings('Contoso.Orders', 'operator')).status).toBe(200);
      expect((await exportBindings('Contoso.Orders', 'anonymous')).status).toBe(401);
      const missing = await exportBindings('No.Such.App');
      expect(missing.status).toBe(404);
      expect(missing.body.detail).toContain("'No.Such.App'");
    });
  });

  describe('import: all or nothing', () => {
    it('refuses the whole file with 422 when one port is refused, and changes nothing', async () => {
      const before = await snapshot();
      const response = await importBindings(APP1, await fixture('refusals.BindingInfo.xml'));
      expect(response.status).toBe(422);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(response.body.code).toBe('bindings-refused');
      const report = response.body.report as BindingsImportReport;
      expect(report.applied).toBe(false);
      expect(report.batchId).toBeNull();
      expect(report.created).toEqual(['SP.Mixed.Archive.FILE']);
      expect(report.refused.map(({ sendPort, code }) => ({ sendPort, code }))).toEqual([
        { sendPort: 'SP.Orders.AS2', code: 'send-port-in-another-application' },
        { sendPort: 'SP.Mixed.OtherHost.FILE', code: 'send-handler-not-found' },
        { sendPort: 'SP.Mixed.Northwind.FILE', code: 'certificate-expired' },
        { sendPort: 'SP.Mixed.Tailspin.FILE', code: 'certificate-missing-on-servers' },
      ]);
      expect(report.refused[0]?.message).toContain("belongs to application 'Contoso.Orders'");
      expect(report.refused[1]?.message).toContain("'LegacySendHost'");
      expect(report.refused[3]?.message).toContain('?acknowledgeMissingOn=BTS02');
      expect(await snapshot()).toEqual(before);
    });

    it('applies the rest with ?partial=true, and takes ?acknowledgeMissingOn as the acknowledgement', async () => {
      const partial = await importBindings(APP1, await fixture('refusals.BindingInfo.xml'), '?partial=true');
      expect(partial.status).toBe(200);
      expect(partial.body).toMatchObject({ applied: true, created: ['SP.Mixed.Archive.FILE'] });
      expect(partial.body.refused).toHaveLength(4);
      const archive = await api.call('admin', 'GET', '/api/send-ports/SP.Mixed.Archive.FILE');
      expect(archive.body).toMatchObject({
        application: APP1,
        description: 'Archive copy',
        certificate: null,
      });
      expect((await api.call('admin', 'GET', '/api/send-ports/SP.Mixed.Tailspin.FILE')).status).toBe(404);

      const acknowledged = await importBindings(
        APP1,
        await fixture('refusals.BindingInfo.xml'),
        '?partial=true&acknowledgeMissingOn=bts02&acknowledgeMissingOn=BTS01',
      );
      const report = acknowledged.body as BindingsImportReport;
      expect(report.created).toEqual(['SP.Mixed.Tailspin.FILE']);
      expect(report.unchanged).toEqual(['SP.Mixed.Archive.FILE']);
      expect(report.warnings).toEqual([
        expect.objectContaining({
          sendPort: 'SP.Mixed.Tailspin.FILE',
          code: 'missing-on-servers-acknowledged',
        }),
      ]);
      const tailspin = await findDemoCertificate(app.deps.database.db, 'missingOnBts02');
      const port = await api.call('admin', 'GET', '/api/send-ports/SP.Mixed.Tailspin.FILE');
      expect(port.body.certificate.thumbprint).toBe(tailspin?.thumbprint);
      const audit = await listAuditEntries(app.deps.database.db, { batchId: report.batchId ?? '' });
      const assign = audit.items.find((entry) => entry.action === 'certificate.assign');
      expect(assign?.after).toMatchObject({ acknowledgedMissingOn: ['BTS02'] });
    });
  });

  describe('import: BizTalk exports', () => {
    it('imports a BizTalk 2020 export: creates, updates, passes over the rest, one audit batch', async () => {
      const auditBefore = (await listAuditEntries(app.deps.database.db)).total;
      const response = await importBindings(
        APP1,
        await fixture('biztalk-2020.BindingInfo.xml'),
        '',
        'admin',
        'text/xml',
      );
      expect(response.status).toBe(200);
      const report = response.body as BindingsImportReport;
      expect(report).toMatchObject({
        application: APP1,
        dryRun: false,
        applied: true,
        created: ['SP.Litware.Orders.AS2', 'SP.Litware.Quotes.WCF', 'SP.Litware.Dynamic'],
        updated: [{ sendPort: 'SendPort1', changes: ['uri'] }],
        unchanged: [],
        refused: [],
        passedOver: [
          { kind: 'Orchestration', name: 'Litware.Orders.ProcessOrder' },
          { kind: 'Send Port Group', name: 'SPG.Litware.All' },
          { kind: 'Receive Port', name: 'RP.Litware.In' },
          { kind: 'Party', name: 'Litware' },
        ],
      });

      const contoso = await findDemoCertificate(app.deps.database.db, 'validEverywhere');
      const as2 = (await api.call('reader', 'GET', '/api/send-ports/SP.Litware.Orders.AS2')).body;
      expect(as2).toMatchObject({
        application: APP1,
        kind: 'Static One-way',
        status: 'Bound',
        transportType: 'AS2',
        uri: 'https://as2.litwareinc.com/as2/inbound',
        sendHandler: 'BizTalkServerApplication',
        sendPipeline: 'Microsoft.BizTalk.EdiInt.DefaultPipelines.AS2Send',
        description: 'Orders & order changes to Litware over AS2',
        certificate: { thumbprint: contoso?.thumbprint, commonName: 'Contoso AS2 Encryption' },
        transportOptions: {
          retryCount: 5,
          retryIntervalMinutes: 10,
          serviceWindow: { start: '06:00', stop: '22:00' },
        },
      });
      expect(as2.filter).toContain(
        '<Statement Property="BTS.MessageType" Operator="0" Value="http://schemas.litwareinc.com/orders#Order" />',
      );
      const quotes = (await api.call('reader', 'GET', '/api/send-ports/SP.Litware.Quotes.WCF')).body;
      expect(quotes).toMatchObject({
        kind: 'Static Solicit-Response',
        receivePipeline: 'Microsoft.BizTalk.DefaultPipelines.XMLReceive',
        description: null,
        certificate: null,
        tracking: { messageBodiesBeforeSend: true, messageBodiesAfterSend: true },
      });
      const dynamic = (await api.call('reader', 'GET', '/api/send-ports/SP.Litware.Dynamic')).body;
      expect(dynamic).toMatchObject({
        kind: 'Dynamic One-way',
        transportType: null,
        uri: null,
        sendHandler: null,
      });
      const sendPort1 = (await api.call('reader', 'GET', '/api/send-ports/SendPort1')).body;
      expect(sendPort1.uri).toBe('C:\\BizTalk\\Litware\\Out\\%MessageID%.xml');

      const audit = await listAuditEntries(app.deps.database.db);
      // Signing in to look at the ports writes session entries of its own.
      const entries = audit.items
        .slice(0, audit.total - auditBefore)
        .filter((entry) => !entry.action.startsWith('session.'));
      expect(new Set(entries.map((entry) => entry.batchId))).toEqual(new Set([report.batchId]));
      expect(entries.map((entry) => `${entry.action} ${entry.target}`).sort()).toEqual([
        `bindings.import ${APP1}`,
        'certificate.assign SP.Litware.Orders.AS2',
        'send-port.create SP.Litware.Dynamic',
        'send-port.create SP.Litware.Orders.AS2',
        'send-port.create SP.Litware.Quotes.WCF',
        'send-port.update SendPort1',
      ]);
      expect(await verifyAuditChain(app.deps.database.db)).toMatchObject({ ok: true });
    });

    it('imports a BizTalk 2010 export in UTF-16, either byte order, as in UTF-8', async () => {
      const text = await fixture('biztalk-2010.utf-16le.BindingInfo.xml');
      const expected = {
        created: ['SP.Tailspin.Orders.HTTP'],
        updated: [{ sendPort: 'SendPort2.Secure', changes: ['sendHandler'] }],
        unchanged: [],
        refused: [],
        passedOver: [{ kind: 'Receive Port', name: 'RP.Tailspin.In' }],
      };
      const before = await snapshot();
      const utf8 = await importBindings(
        APP1,
        text.replace('encoding="utf-16"', 'encoding="utf-8"'),
        '?dryRun=true',
      );
      expect(utf8.body).toMatchObject({ ...expected, dryRun: true, applied: false, batchId: null });
      const bigEndian = await importBindings(APP1, utf16(text, 'be'), '?dryRun=true');
      expect(bigEndian.body).toMatchObject({ ...expected, dryRun: true, applied: false });
      expect(await snapshot()).toEqual(before);

      const littleEndian = await importBindings(
        APP1,
        utf16(text, 'le'),
        '',
        'admin',
        'application/octet-stream',
      );
      expect(littleEndian.status).toBe(200);
      expect(littleEndian.body).toMatchObject({ ...expected, dryRun: false, applied: true });
      const tailspin = (await api.call('reader', 'GET', '/api/send-ports/SP.Tailspin.Orders.HTTP')).body;
      expect(tailspin).toMatchObject({
        uri: 'https://b2b.tailspintoys.com/orders?source=contoso&format=xml',
        description: 'Orders to Tailspin Toys <HTTP POST>',
        transportType: 'HTTP',
      });
      // CRLF line ends of a Windows file arrive as LF, as any XML parser reads them.
      expect(tailspin.filter).toMatch(/^<\?xml version="1.0" encoding="utf-16"\?>\n<Filter /);
      const secure = (await api.call('reader', 'GET', '/api/send-ports/SendPort2.Secure')).body;
      expect(secure.sendHandler).toBe('BizTalkServerApplication');
    });

    it("changes nothing when an application's own export is imported", async () => {
      const exported = (await exportBindings(APP1)).body as string;
      expect(xmllint.check(exported, ['--noout', '--schema', SCHEMA]).ok).toBe(true);
      const before = await snapshot();
      const response = await importBindings(APP1, exported);
      expect(response.status).toBe(200);
      const report = response.body as BindingsImportReport;
      expect(report.created).toEqual([]);
      expect(report.updated).toEqual([]);
      expect(report.refused).toEqual([]);
      expect(report.batchId).toBeNull();
      expect(report.unchanged).toEqual(
        sendPorts(parseXml(exported)).map((port) => port.attributes.get('Name')),
      );
      expect(report.unchanged).toEqual(
        expect.arrayContaining(['SP.Litware.Orders.AS2', 'SP.Litware.Dynamic', 'SendPort1']),
      );
      expect(await snapshot()).toEqual(before);
    });

    it('reports in a dry run exactly what the import then does, and changes nothing', async () => {
      const file = (await exportBindings(APP1)).body as string;
      const edited = file
        .replace('C:\\BizTalk\\Litware\\Out\\%MessageID%.xml', 'C:\\BizTalk\\Litware\\Out2\\%MessageID%.xml')
        .replace(/(<SendPort Name="SP\.Litware\.Orders\.AS2"[\s\S]*?)<EncryptionCert [^>]*\/>\s*/, '$1');
      const before = await snapshot();
      const dryRun = await importBindings(APP1, edited, '?dryRun=true');
      expect(dryRun.status).toBe(200);
      expect(await snapshot()).toEqual(before);
      const real = await importBindings(APP1, edited);
      const { batchId: _dry, dryRun: _d, applied: _a, ...wouldDo } = dryRun.body as BindingsImportReport;
      const { batchId, dryRun: _r, applied: _b, ...did } = real.body as BindingsImportReport;
      expect(did).toEqual(wouldDo);
      expect(did.updated).toHaveLength(2);
      expect(did.updated).toEqual(
        expect.arrayContaining([
          { sendPort: 'SendPort1', changes: ['uri'] },
          { sendPort: 'SP.Litware.Orders.AS2', changes: ['certificate'] },
        ]),
      );
      const audit = await listAuditEntries(app.deps.database.db, { batchId: batchId ?? '' });
      expect(audit.items.map((entry) => entry.action).sort()).toEqual([
        'bindings.import',
        'certificate.remove',
        'send-port.update',
      ]);
      expect(
        (await api.call('reader', 'GET', '/api/send-ports/SP.Litware.Orders.AS2')).body.certificate,
      ).toBeNull();
    });
  });

  describe('import: confirmed on a dry run (If-Match) and acknowledged per port', () => {
    const LITWARE = 'SP.Litware.Orders.AS2';

    /** The application's export with SendPort1's address changed: one port to update. */
    async function editedExport(folder: string): Promise<string> {
      const file = (await exportBindings(APP1)).body as string;
      const edited = file.replace(
        /(<SendPort Name="SendPort1"[\s\S]*?<Address>)[^<]*(<\/Address>)/,
        `$1C:\\BizTalk\\${folder}\\%MessageID%.xml$2`,
      );
      expect(edited).not.toBe(file);
      return edited;
    }

    /** The port has a certificate, whatever the tests before left. */
    async function withCertificate(name: string): Promise<string> {
      const read = await api.call('admin', 'GET', `/api/send-ports/${name}`);
      expect(read.status).toBe(200);
      const current = (read.body as { certificate: { thumbprint: string } | null }).certificate;
      if (current) return current.thumbprint;
      const thumbprint =
        (await findDemoCertificate(app.deps.database.db, 'validEverywhere'))?.thumbprint ?? '';
      const assigned = await api.call('admin', 'PUT', `/api/send-ports/${name}/certificate`, {
        json: { thumbprint },
        headers: { 'if-match': read.headers.get('etag') ?? '' },
      });
      expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);
      return thumbprint;
    }

    /** Another administrator removes a port's certificate and puts the same one back: two new versions. */
    async function removeAndRestore(name: string): Promise<void> {
      const read = await api.call('admin', 'GET', `/api/send-ports/${name}`);
      const thumbprint = (read.body as { certificate: { thumbprint: string } }).certificate.thumbprint;
      const removed = await api.call('admin', 'DELETE', `/api/send-ports/${name}/certificate`, {
        headers: { 'if-match': read.headers.get('etag') ?? '' },
      });
      expect(removed.status).toBe(200);
      const assigned = await api.call('admin', 'PUT', `/api/send-ports/${name}/certificate`, {
        json: { thumbprint },
        headers: { 'if-match': removed.headers.get('etag') ?? '' },
      });
      expect(assigned.status).toBe(200);
    }

    it('applies with the fingerprint of the dry run when nothing changed since', async () => {
      const file = await editedExport('Confirmed');
      const dryRun = await importBindings(APP1, file, '?dryRun=true');
      expect(dryRun.status).toBe(200);
      const fingerprint = (dryRun.body as BindingsImportReport).fingerprint;
      expect(fingerprint).toMatch(/^"[\w-]+"$/);
      expect(dryRun.headers.get('etag')).toBe(fingerprint);
      // The same state, the same fingerprint.
      expect((await importBindings(APP1, file, '?dryRun=true')).body.fingerprint).toBe(fingerprint);
      const applied = await importBindings(APP1, file, '', 'admin', 'application/xml', {
        'if-match': fingerprint,
      });
      expect(applied.status).toBe(200);
      expect(applied.body).toMatchObject({
        applied: true,
        updated: [{ sendPort: 'SendPort1', changes: ['uri'] }],
      });
    });

    it('answers 412 with the new report, changing nothing, when the outcome changed since the dry run', async () => {
      await withCertificate(LITWARE);
      const file = await editedExport('Changed');
      const dryRun = (await importBindings(APP1, file, '?dryRun=true')).body as BindingsImportReport;
      expect(dryRun.unchanged).toContain(LITWARE);
      // Meanwhile the port loses its certificate: the file would now put it back.
      const read = await api.call('admin', 'GET', `/api/send-ports/${LITWARE}`);
      const thumbprint = (read.body as { certificate: { thumbprint: string } }).certificate.thumbprint;
      const removed = await api.call('admin', 'DELETE', `/api/send-ports/${LITWARE}/certificate`, {
        headers: { 'if-match': read.headers.get('etag') ?? '' },
      });
      expect(removed.status).toBe(200);
      const before = await snapshot();
      const refused = await importBindings(APP1, file, '', 'admin', 'application/xml', {
        'if-match': dryRun.fingerprint,
      });
      expect(refused.status).toBe(412);
      expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(refused.body.code).toBe('precondition-failed');
      const report = refused.body.report as BindingsImportReport;
      expect(report).toMatchObject({ dryRun: true, applied: false, batchId: null });
      expect(report.updated).toEqual(
        expect.arrayContaining([{ sendPort: LITWARE, changes: ['certificate'] }]),
      );
      expect(report.fingerprint).not.toBe(dryRun.fingerprint);
      expect(refused.headers.get('etag')).toBe(report.fingerprint);
      expect(await snapshot()).toEqual(before);

      // Confirmed on the new report: applied, the certificate back.
      const applied = await importBindings(APP1, file, '', 'admin', 'application/xml', {
        'if-match': report.fingerprint,
      });
      expect(applied.status).toBe(200);
      const port = await api.call('admin', 'GET', `/api/send-ports/${LITWARE}`);
      expect(port.body.certificate.thumbprint).toBe(thumbprint);
    });

    it('answers 412 when a port of the file changed though the outcome is the same', async () => {
      await withCertificate(LITWARE);
      const file = await editedExport('Twice');
      const dryRun = (await importBindings(APP1, file, '?dryRun=true')).body as BindingsImportReport;
      await removeAndRestore(LITWARE);
      const again = (await importBindings(APP1, file, '?dryRun=true')).body as BindingsImportReport;
      const { fingerprint: _before, ...outcomeBefore } = dryRun;
      const { fingerprint: _after, ...outcomeAfter } = again;
      expect(outcomeAfter).toEqual(outcomeBefore);
      const refused = await importBindings(APP1, file, '', 'admin', 'application/xml', {
        'if-match': dryRun.fingerprint,
      });
      expect(refused.status).toBe(412);
      // Without If-Match the import applies by the rules as they are now, as before.
      expect((await importBindings(APP1, file)).status).toBe(200);
    });

    it("acknowledges a port's missing servers for that port alone", async () => {
      // A port of its own: the test before created SP.Mixed.Tailspin.FILE.
      const TAILSPIN = 'SP.Mixed.Tailspin.PerPort';
      const file = (await fixture('refusals.BindingInfo.xml')).replaceAll('SP.Mixed.Tailspin.FILE', TAILSPIN);
      const refused = (await importBindings(APP1, file, '?dryRun=true&partial=true'))
        .body as BindingsImportReport;
      expect(refused.refused.find((port) => port.sendPort === TAILSPIN)).toMatchObject({
        code: 'certificate-missing-on-servers',
        servers: ['BTS02'],
      });
      expect(refused.refused.find((port) => port.sendPort === TAILSPIN)?.message).toContain(
        `?acknowledgeMissingOnPort=${TAILSPIN}:BTS02`,
      );

      // Acknowledged for another port: still refused.
      const elsewhere = await importBindings(
        APP1,
        file,
        `?dryRun=true&partial=true&acknowledgeMissingOnPort=${encodeURIComponent('SP.Mixed.Archive.FILE:BTS02')}`,
      );
      expect((elsewhere.body as BindingsImportReport).refused.map((port) => port.sendPort)).toContain(
        TAILSPIN,
      );

      const dryRun = await importBindings(
        APP1,
        file,
        `?dryRun=true&partial=true&acknowledgeMissingOnPort=${encodeURIComponent(`${TAILSPIN.toLowerCase()}:bts02`)}`,
      );
      const report = dryRun.body as BindingsImportReport;
      expect(report.refused.map((port) => port.sendPort)).not.toContain(TAILSPIN);
      expect(report.warnings).toEqual([
        expect.objectContaining({ sendPort: TAILSPIN, code: 'missing-on-servers-acknowledged' }),
      ]);
      const applied = await importBindings(
        APP1,
        file,
        `?partial=true&acknowledgeMissingOnPort=${encodeURIComponent(`${TAILSPIN}:BTS02`)}`,
        'admin',
        'application/xml',
        { 'if-match': report.fingerprint },
      );
      expect(applied.status).toBe(200);
      const batch = await listAuditEntries(app.deps.database.db, { batchId: applied.body.batchId ?? '' });
      expect(batch.items.find((entry) => entry.action === 'certificate.assign')?.after).toMatchObject({
        acknowledgedMissingOn: ['BTS02'],
      });
      expect(batch.items.find((entry) => entry.action === 'bindings.import')?.after).toMatchObject({
        acknowledgeMissingOnPort: { [TAILSPIN.toLowerCase()]: ['BTS02'] },
      });
    });

    it('refuses an acknowledgement that names no port or no server, with problem details', async () => {
      const file = await editedExport('Malformed');
      for (const value of ['BTS02', 'SP.Orders.AS2:', ':BTS02']) {
        const response = await importBindings(
          APP1,
          file,
          `?dryRun=true&acknowledgeMissingOnPort=${encodeURIComponent(value)}`,
        );
        expect(response.status, value).toBe(422);
        expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(response.body.code).toBe('validation-failed');
        expect(JSON.stringify(response.body)).toContain('<send port>:<server>');
      }
    });
  });

  // How long each refusal takes is measured by `npm run bench` (apps/api/bench/bench-bindings.ts).
  describe('import: what it refuses', () => {
    /** The 1-based line of the file that first contains `text`. */
    const lineOf = (file: string, text: string) =>
      file.split('\n').findIndex((line) => line.includes(text)) + 1;

    it('refuses an external entity before reading it', async () => {
      const before = await snapshot();
      const file = `<?xml version="1.0"?>\n<!DOCTYPE BindingInfo [\n  <!ENTITY secret SYSTEM "file:///etc/passwd">\n]>\n<BindingInfo BindingStatus="NoBindings" BoundEndpoints="0" TotalEndpoints="0"><Timestamp>&secret;</Timestamp></BindingInfo>`;
      const response = await importBindings(APP1, file);
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('doctype-not-allowed');
      // Refused where the declaration ends: the element that uses the entity, on the next line, was never read.
      expect(response.body.line).toBe(lineOf(file, ']>'));
      expect(response.body.line).toBeLessThan(lineOf(file, '&secret;'));
      expect(JSON.stringify(response.body)).not.toContain('root:');
      expect(await snapshot()).toEqual(before);
    });

    it('refuses billion laughs before expanding anything', async () => {
      const entities = Array.from(
        { length: 9 },
        (_, level) => `<!ENTITY lol${level + 1} "${`&lol${level};`.repeat(10)}">`,
      ).join('\n');
      const file = `<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol0 "lol">\n${entities}\n]>\n<lolz>&lol9;</lolz>`;
      const before = await snapshot();
      const response = await importBindings(APP1, file);
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('doctype-not-allowed');
      // Refused where the declaration ends, before the element that would expand the entities was read.
      expect(response.body.line).toBe(lineOf(file, ']>'));
      expect(response.body.line).toBeLessThan(lineOf(file, '<lolz>'));
      expect(await snapshot()).toEqual(before);
    });

    it('refuses nesting 100,000 levels deep with 400, naming the first line too deep', async () => {
      const depth = 100_000;
      const file = `<?xml version="1.0"?>\n<BindingInfo>\n${'<a>\n'.repeat(depth)}${'</a>'.repeat(depth)}\n</BindingInfo>`;
      await exportBindings(APP1); // signs the administrator in, which the audit records
      const before = await snapshot();
      const response = await importBindings(APP1, file);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ code: 'xml-too-deep', line: MAX_XML_DEPTH + 2 });
      expect(response.body.detail).toContain(`line ${MAX_XML_DEPTH + 2}`);
      expect(await snapshot()).toEqual(before);
    });

    it('refuses a file over 10 MB with 413', async () => {
      const before = await snapshot();
      const file = `<BindingInfo>${' '.repeat(11 * 1024 * 1024)}</BindingInfo>`;
      const response = await importBindings(APP1, file);
      expect(response.status).toBe(413);
      expect(response.body.detail).toContain('10 MB');
      expect(await snapshot()).toEqual(before);
    });

    it('counts the limit once decompressed, and refuses compression it cannot undo', async () => {
      await exportBindings(APP1); // signs the administrator in, which the audit records
      const before = await snapshot();
      const bomb = gzipSync(`<BindingInfo>${' '.repeat(11 * 1024 * 1024)}</BindingInfo>`);
      expect(bomb.length).toBeLessThan(100 * 1024);
      const tooLarge = await importBindings(APP1, bomb, '', 'admin', 'application/xml', {
        'content-encoding': 'gzip',
      });
      expect(tooLarge.status).toBe(413);
      expect(tooLarge.body).toMatchObject({ code: 'payload-too-large' });
      const unknown = await importBindings(APP1, bomb, '', 'admin', 'application/xml', {
        'content-encoding': 'compress',
      });
      expect(unknown.body).toMatchObject({ status: 415, code: 'unsupported-media-type' });
      expect(unknown.body.detail).toContain('gzip, deflate or br');
      const corrupt = await importBindings(APP1, bomb.subarray(0, 2000), '', 'admin', 'application/xml', {
        'content-encoding': 'br',
      });
      expect(corrupt.body).toMatchObject({ status: 400, code: 'malformed-compression' });
      expect(await snapshot()).toEqual(before);
    });

    it('refuses a truncated file, naming the line', async () => {
      const file = await fixture('biztalk-2020.BindingInfo.xml');
      const truncated = file.split('\n').slice(0, 40).join('\n');
      const response = await importBindings(APP1, truncated);
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('malformed-xml');
      expect(response.body.detail).toMatch(/line 40\b/);
      expect(response.body.line).toBe(40);

      const broken = file.replace('<Priority>5</Priority>', '<Priority>5</Priorty>');
      const mismatch = await importBindings(APP1, broken);
      expect(mismatch.status).toBe(400);
      expect(mismatch.body.detail).toContain(
        `line ${file.split('\n').findIndex((line) => line.includes('<Priority>')) + 1}`,
      );
    });

    it('refuses encodings other than UTF-8 and UTF-16, and files that are not bindings', async () => {
      const latin1 = await importBindings(
        APP1,
        Buffer.from(
          '<?xml version="1.0" encoding="iso-8859-1"?><BindingInfo>caf\xe9</BindingInfo>',
          'latin1',
        ),
      );
      expect(latin1.status).toBe(400);
      expect(latin1.body.code).toBe('unsupported-encoding');
      const declared = await importBindings(
        APP1,
        '<?xml version="1.0" encoding="windows-1252"?><BindingInfo/>',
      );
      expect(declared.body).toMatchObject({ status: 400, code: 'unsupported-encoding' });
      expect(declared.body.detail).toContain('windows-1252');
      const utf32 = await importBindings(
        APP1,
        Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), Buffer.from('<', 'utf16le')]),
      );
      expect(utf32.body.detail).toContain('UTF-32');
      const notBindings = await importBindings(APP1, '<Bindings />');
      expect(notBindings.body).toMatchObject({ status: 400, code: 'not-binding-info' });
      const empty = await importBindings(APP1, '');
      expect(empty.body).toMatchObject({ status: 400, code: 'empty' });
      const unknownApp = await importBindings('No.Such.App', await fixture('biztalk-2020.BindingInfo.xml'));
      expect(unknownApp.status).toBe(404);
    });

    it('lets only administrators import', async () => {
      const file = (await exportBindings(APP1, 'reader')).body as string;
      const reader = await importBindings(APP1, file, '', 'reader');
      expect(reader.status).toBe(403);
      expect(reader.body.detail).toContain('BizTalk Server Administrators');
      expect((await importBindings(APP1, file, '', 'operator')).status).toBe(403);
      expect((await importBindings(APP1, file, '', 'anonymous')).status).toBe(401);
      expect((await importBindings(APP1, file, '', 'admin-token')).status).toBe(200);
    });
  });
});
