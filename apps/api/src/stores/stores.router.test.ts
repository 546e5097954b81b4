import { listAuditEntries } from '@bts-console/db';
import {
  formatThumbprintColons,
  formatThumbprintDisplay,
  StoreCertificateSummaryListSchema,
  StoreCertificateSummaryPageSchema,
} from '@bts-console/domain';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiClient,
  issueTestCertificate,
  portPath,
  storePath,
  type ApiClient,
} from '../test-support/port-test-client';
import { startTestApp, TEST_DIALECTS, type TestApp } from '../test-support/test-app';

/** openssl makes the files an administrator would pick, and says what their thumbprint is. */
class OpensslFiles {
  readonly dir = mkdtempSync(join(tmpdir(), 'bts-store-files-'));

  run(args: string[]): Buffer {
    return execFileSync('openssl', args, { cwd: this.dir, stdio: ['ignore', 'pipe', 'pipe'] });
  }

  path(name: string): string {
    return join(this.dir, name);
  }

  read(name: string): Buffer {
    return readFileSync(this.path(name));
  }

  /** `openssl x509 -fingerprint -sha1` of a PEM file, canonical. */
  thumbprint(pemName: string): string {
    const line = this.run(['x509', '-in', this.path(pemName), '-noout', '-fingerprint', '-sha1']).toString();
    return line.replace(/^.*=/, '').replace(/[:\s]/g, '').toUpperCase();
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

describe.each(TEST_DIALECTS)('Other People stores (%s)', (dialect) => {
  let app: TestApp;
  let api: ApiClient;
  const files = new OpensslFiles();

  beforeAll(async () => {
    app = await startTestApp({ dialect });
    api = apiClient(app);
    const subject = (cn: string) => ['-subj', `/CN=${cn}/O=Openssl Partner`];
    files.run([
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      'partner.key',
      '-out',
      'partner.pem',
      '-days',
      '365',
      ...subject('Openssl Partner Encryption'),
    ]);
    files.run(['x509', '-in', 'partner.pem', '-outform', 'DER', '-out', 'partner.der']);
    files.run([
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      'second.key',
      '-out',
      'second.pem',
      '-days',
      '365',
      ...subject('Second Partner'),
    ]);
    files.run([
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      'third.key',
      '-out',
      'third.pem',
      '-days',
      '365',
      ...subject('Third Partner'),
    ]);
    files.run([
      'pkcs12',
      '-export',
      '-in',
      'partner.pem',
      '-inkey',
      'partner.key',
      '-out',
      'partner.pfx',
      '-passout',
      'pass:secret',
    ]);
    files.run([
      'req',
      '-new',
      '-key',
      'partner.key',
      '-out',
      'partner.csr',
      ...subject('Openssl Partner Encryption'),
    ]);
    writeFileSync(
      files.path('chain.pem'),
      Buffer.concat([files.read('partner.pem'), files.read('second.pem')]),
    );
  });
  afterAll(async () => {
    files.cleanup();
    await app?.close();
  });

  async function storeState(computer: string) {
    const listed = await api.call('reader', 'GET', storePath(computer));
    const audit = await listAuditEntries(app.deps.database.db, { limit: 1 });
    return {
      thumbprints: listed.body.items.map((item: { thumbprint: string }) => item.thumbprint).sort(),
      auditTotal: audit.total,
    };
  }

  it('lists a store with the Select Certificate columns, and 404 for an unknown computer', async () => {
    const response = await api.call('reader', 'GET', storePath('ADMIN01'));
    expect(response.status).toBe(200);
    expect(response.body.total).toBe(response.body.items.length);
    expect(response.body.items.length).toBeGreaterThanOrEqual(7);
    expect(response.body.items[0]).toEqual(
      expect.objectContaining({
        computer: 'ADMIN01',
        subjectCommonName: expect.any(String),
        issuerCommonName: 'Partner Demo CA',
        notAfter: expect.any(String),
        friendlyName: expect.any(String),
      }),
    );
    const missing = await api.call('reader', 'GET', storePath('BTS99'));
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('not-found');
    expect((await api.call('reader', 'GET', storePath('admin01'))).status).toBe(200);
  });

  it('lists, with view=summary, the same rows in the same order with only what Select Certificate shows', async () => {
    const summaryFields = [
      'thumbprint',
      'subject',
      'subjectCommonName',
      'issuer',
      'issuerCommonName',
      'notBefore',
      'notAfter',
      'friendlyName',
    ];
    for (const query of ['', 'q=partner', 'limit=3&offset=2', 'offset=500']) {
      const full = await api.call('reader', 'GET', `${storePath('ADMIN01')}?${query}`);
      const summary = await api.call('reader', 'GET', `${storePath('ADMIN01')}?${query}&view=summary`);
      expect(summary.status, query).toBe(200);
      expect(StoreCertificateSummaryListSchema.strict().safeParse(summary.body).success, query).toBe(true);
      expect(summary.body.total, query).toBe(full.body.total);
      const picked = full.body.items.map((item: Record<string, unknown>) =>
        Object.fromEntries(summaryFields.map((field) => [field, item[field]])),
      );
      expect(summary.body.items, query).toEqual(picked);
    }
    const thumbprint: string = (await api.call('reader', 'GET', `${storePath('ADMIN01')}?q=contoso`)).body
      .items[0].thumbprint;
    const byThumbprint = await api.call(
      'reader',
      'GET',
      `${storePath('ADMIN01')}?q=${encodeURIComponent(formatThumbprintDisplay(thumbprint))}&view=summary`,
    );
    expect(byThumbprint.body.items.map((item: object) => Object.keys(item).sort())).toEqual([
      [...summaryFields].sort(),
    ]);
    const wrong = await api.call('reader', 'GET', `${storePath('ADMIN01')}?view=brief`);
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors.map((error: { path: string }) => error.path)).toEqual(['view']);
  });

  it('searches Issued To, Issued By, friendly name and thumbprint in any pasted form', async () => {
    const byName = await api.call('reader', 'GET', `${storePath('ADMIN01')}?q=contoso`);
    expect(byName.body.items.map((item: { subjectCommonName: string }) => item.subjectCommonName)).toEqual([
      'Contoso AS2 Encryption',
    ]);
    const thumbprint: string = byName.body.items[0].thumbprint;
    const forms = [
      thumbprint.toLowerCase(),
      formatThumbprintDisplay(thumbprint),
      `\u200E${formatThumbprintDisplay(thumbprint)}`,
      formatThumbprintColons(thumbprint),
      `SHA1 Fingerprint=${formatThumbprintColons(thumbprint)}`,
      thumbprint.slice(10, 20),
    ];
    for (const form of forms) {
      const found = await api.call('reader', 'GET', `${storePath('ADMIN01')}?q=${encodeURIComponent(form)}`);
      expect(found.status, form).toBe(200);
      expect(
        found.body.items.map((item: { thumbprint: string }) => item.thumbprint),
        form,
      ).toEqual([thumbprint]);
    }
    const byFriendlyName = await api.call(
      'reader',
      'GET',
      `${storePath('ADMIN01')}?q=${encodeURIComponent('works b2b')}`,
    );
    expect(byFriendlyName.body.items.map((item: { friendlyName: string }) => item.friendlyName)).toEqual([
      'Adventure Works B2B',
    ]);
    const byIssuer = await api.call(
      'reader',
      'GET',
      `${storePath('BTS02')}?q=${encodeURIComponent('partner demo ca')}`,
    );
    expect(byIssuer.body.total).toBe(byIssuer.body.items.length);
    expect(byIssuer.body.total).toBeGreaterThan(0);
    const none = await api.call(
      'reader',
      'GET',
      `${storePath('ADMIN01')}?q=${encodeURIComponent('%_nothing')}`,
    );
    expect(none.body).toEqual({ items: [], total: 0 });
  });

  it('takes every character of a search literally: full-text syntax, wildcards, one letter', async () => {
    for (const q of ['"', 'contoso" OR "fabrikam', 'NEAR(contoso', 'contoso*', '^contoso', 'AND', '%']) {
      const found = await api.call('reader', 'GET', `${storePath('ADMIN01')}?q=${encodeURIComponent(q)}`);
      expect(found.status, q).toBe(200);
      expect(found.body, q).toEqual({ items: [], total: 0 });
    }
    // PostgreSQL refuses U+0000 in a parameter and SQLite's LIKE stops at it: the edge refuses it, on both.
    const nul = await api.call('reader', 'GET', `${storePath('ADMIN01')}?q=contoso%00`);
    expect(nul.status).toBe(422);
    expect(nul.body.code).toBe('control-character');
    const all = await api.call('reader', 'GET', storePath('ADMIN01'));
    const oneLetter = await api.call('reader', 'GET', `${storePath('ADMIN01')}?q=c`);
    expect(oneLetter.body.total).toBeGreaterThan(0);
    expect(oneLetter.body.total).toBeLessThanOrEqual(all.body.total);
  });

  it('imports a PEM file: 201 with the parsed certificate, thumbprint as openssl computes it, audited', async () => {
    const response = await api.call(
      'admin',
      'POST',
      `${storePath('BTS01')}?friendlyName=${encodeURIComponent('Openssl partner (2027)')}`,
      {
        bytes: files.read('partner.pem'),
        headers: { 'content-type': 'application/x-pem-file' },
      },
    );
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      thumbprint: files.thumbprint('partner.pem'),
      subjectCommonName: 'Openssl Partner Encryption',
      computer: 'BTS01',
      friendlyName: 'Openssl partner (2027)',
      addedBy: 'admin',
      publicKeyAlgorithm: 'EC',
    });
    expect(response.headers.get('location')).toBe(`/api/certificates/${files.thumbprint('partner.pem')}`);
    const [entry] = (
      await listAuditEntries(app.deps.database.db, { target: files.thumbprint('partner.pem') })
    ).items;
    expect(entry).toMatchObject({ action: 'store.import', username: 'admin', after: { computer: 'BTS01' } });
    // Found at once by its name and its friendly name, in that store only.
    for (const [computer, q, total] of [
      ['BTS01', 'openssl partner enc', 1],
      ['BTS01', 'PARTNER (2027', 1],
      ['BTS02', 'openssl partner enc', 0],
    ] as const) {
      const found = await api.call('reader', 'GET', `${storePath(computer)}?q=${encodeURIComponent(q)}`);
      expect(found.body.total, `${computer} ${q}`).toBe(total);
    }
  });

  it('imports DER, and PEM with CRLF line ends and a byte order mark, whatever the declared content type', async () => {
    const der = await api.call('admin', 'POST', storePath('BTS02'), {
      bytes: files.read('partner.der'),
      headers: { 'content-type': 'application/pkix-cert' },
    });
    expect(der.status).toBe(201);
    expect(der.body.thumbprint).toBe(files.thumbprint('partner.pem'));

    const crlf = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(files.read('second.pem').toString().replace(/\n/g, '\r\n')),
    ]);
    const bom = await api.call('admin', 'POST', storePath('ADMIN01'), {
      bytes: crlf,
      headers: { 'content-type': 'text/plain' },
    });
    expect(bom.status).toBe(201);
    expect(bom.body.thumbprint).toBe(files.thumbprint('second.pem'));

    const untyped = await api.call('admin', 'POST', storePath('BTS01'), {
      bytes: files.read('second.pem'),
      headers: { 'content-type': '' },
    });
    expect(untyped.status).toBe(201);
  });

  it('refuses a certificate already in that store with 409, changing nothing', async () => {
    const before = await storeState('BTS01');
    const again = await api.call('admin', 'POST', storePath('BTS01'), { bytes: files.read('partner.der') });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('already-in-store');
    expect(again.body.detail).toContain('BTS01');
    expect(await storeState('BTS01')).toEqual(before);
  });

  it('refuses every file that is not one public certificate, each with its own code, changing nothing', async () => {
    const pem = files.read('partner.pem').toString();
    const refusals: [string, Uint8Array | string, string][] = [
      ['PKCS#12', files.read('partner.pfx'), 'pkcs12'],
      ['private key', files.read('partner.key'), 'private-key'],
      ['certificate request', files.read('partner.csr'), 'certificate-request'],
      ['chain of two', files.read('chain.pem'), 'multiple-certificates'],
      ['garbage text', 'This is the partner certificate, see attachment.', 'not-a-certificate'],
      ['bad Base-64', pem.replace(/\n[A-Za-z0-9+/]{10}/, '\n!!!!!!!!!!'), 'bad-base64'],
      ['truncated DER', files.read('partner.der').subarray(0, 200), 'truncated'],
      ['empty', '', 'empty'],
    ];
    const before = await storeState('BTS02');
    for (const [what, bytes, code] of refusals) {
      const response = await api.call('admin', 'POST', storePath('BTS02'), { bytes });
      expect(response.status, what).toBe(422);
      expect(response.body.code, what).toBe(code);
      expect(response.body.detail.length, what).toBeGreaterThan(20);
    }
    const noBody = await api.call('admin', 'POST', storePath('BTS02'));
    expect(noBody.status).toBe(422);
    expect(noBody.body.code).toBe('empty');
    expect(await storeState('BTS02')).toEqual(before);
  });

  it('refuses a file over 64 KB with 413, and an unknown computer with 404', async () => {
    const big = await api.call('admin', 'POST', storePath('BTS02'), {
      bytes: Buffer.alloc(64 * 1024 + 1, 0x41),
    });
    expect(big.status).toBe(413);
    expect(big.body.code).toBe('payload-too-large');
    const unknown = await api.call('admin', 'POST', storePath('BTS99'), { bytes: files.read('third.pem') });
    expect(unknown.status).toBe(404);
  });

  it('removes a certificate from a store (any thumbprint form in the path), audited; 404 when not there', async () => {
    const thumbprint = files.thumbprint('third.pem');
    expect(
      (await api.call('admin', 'POST', storePath('BTS02'), { bytes: files.read('third.pem') })).status,
    ).toBe(201);
    const removed = await api.call(
      'admin',
      'DELETE',
      storePath('BTS02', formatThumbprintDisplay(thumbprint).toLowerCase()),
    );
    expect(removed.status).toBe(204);
    expect((await storeState('BTS02')).thumbprints).not.toContain(thumbprint);
    const [entry] = (await listAuditEntries(app.deps.database.db, { target: thumbprint })).items;
    expect(entry).toMatchObject({ action: 'store.remove', before: { computer: 'BTS02' }, after: null });
    // The certificate stays known to the group.
    expect((await api.call('reader', 'GET', `/api/certificates/${thumbprint}`)).status).toBe(200);

    const again = await api.call('admin', 'DELETE', storePath('BTS02', thumbprint));
    expect(again.status).toBe(404);
    const invalid = await api.call('admin', 'DELETE', storePath('BTS02', 'not-a-thumbprint'));
    expect(invalid.status).toBe(422);
    expect(invalid.body.code).toBe('invalid-thumbprint');
    expect((await api.call('admin', 'DELETE', storePath('BTS99', thumbprint))).status).toBe(404);
  });

  it('refuses removal with 409 while a port processed on that computer uses it, naming the ports; never on the console', async () => {
    const contoso = (await api.call('reader', 'GET', `${storePath('BTS01')}?q=contoso`)).body.items[0]
      .thumbprint as string;
    const before = await storeState('BTS01');
    const inUse = await api.call('admin', 'DELETE', storePath('BTS01', contoso));
    expect(inUse.status).toBe(409);
    expect(inUse.body.code).toBe('certificate-in-use');
    expect(inUse.body.sendPorts).toEqual(
      expect.arrayContaining([{ name: 'SP.Orders.AS2', application: 'Contoso.Orders' }]),
    );
    expect(inUse.body.detail).toContain("'SP.Orders.AS2'");
    expect(await storeState('BTS01')).toEqual(before);

    const fromConsole = await api.call('admin', 'DELETE', storePath('ADMIN01', contoso));
    expect(fromConsole.status).toBe(204);
  });

  it('blocks only the computers that process the port: a SecureSendHost port pins its certificate on BTS02 alone', async () => {
    const file = issueTestCertificate({ commonName: 'Secure Send Partner', now: app.clock.now() });
    let thumbprint = '';
    for (const computer of ['BTS01', 'BTS02']) {
      const imported = await api.call('admin', 'POST', storePath(computer), { bytes: file.pem });
      thumbprint = imported.body.thumbprint;
    }
    const port = await api.call('admin', 'GET', portPath('SP.Invoicing.Secure.WCF'));
    const assigned = await api.call('admin', 'PUT', portPath('SP.Invoicing.Secure.WCF', '/certificate'), {
      json: { thumbprint },
      headers: { 'if-match': port.headers.get('etag') ?? '' },
    });
    expect(assigned.status).toBe(200);
    expect((await api.call('admin', 'DELETE', storePath('BTS01', thumbprint))).status).toBe(204);
    const pinned = await api.call('admin', 'DELETE', storePath('BTS02', thumbprint));
    expect(pinned.status).toBe(409);
    expect(pinned.body.sendPorts).toEqual([
      { name: 'SP.Invoicing.Secure.WCF', application: 'Fabrikam.Invoicing' },
    ]);
  });

  it('pages through a store in the order asked for, and always says the total', async () => {
    const all = await api.call('reader', 'GET', `${storePath('ADMIN01')}?limit=1000&view=summary`);
    expect(all.status).toBe(200);
    const everyRow: string[] = all.body.items.map((item: { thumbprint: string }) => item.thumbprint);
    expect(all.body.total).toBe(everyRow.length);
    expect(everyRow.length).toBeGreaterThan(4);

    // Page by page, with page and limit, the same rows in the same order, each page saying the total.
    const paged: string[] = [];
    for (let page = 1; paged.length < all.body.total; page += 1) {
      const response = await api.call(
        'reader',
        'GET',
        `${storePath('ADMIN01')}?limit=3&page=${page}&view=summary`,
      );
      expect(response.body.total).toBe(all.body.total);
      expect(response.body.items.length).toBeLessThanOrEqual(3);
      paged.push(...response.body.items.map((item: { thumbprint: string }) => item.thumbprint));
    }
    expect(paged).toEqual(everyRow);
    const past = await api.call('reader', 'GET', `${storePath('ADMIN01')}?limit=3&page=99`);
    expect(past.body).toEqual({ items: [], total: all.body.total });

    const byExpiry = async (order: string) =>
      (
        await api.call(
          'reader',
          'GET',
          `${storePath('ADMIN01')}?sort=expirationDate&order=${order}&view=summary`,
        )
      ).body.items.map((item: { notAfter: string }) => item.notAfter);
    const ascending = await byExpiry('asc');
    expect(ascending).toEqual([...ascending].sort());
    expect(await byExpiry('desc')).toEqual([...ascending].reverse());

    for (const [query, path] of [
      ['limit=1001', 'limit'],
      ['limit=50000', 'limit'],
      ['page=0', 'page'],
      ['sort=subject', 'sort'],
      ['only=usable', 'only'],
    ]) {
      const refused = await api.call('reader', 'GET', `${storePath('ADMIN01')}?${query}`);
      expect(refused.status, query).toBe(422);
      expect(
        refused.body.errors.map((error: { path: string }) => error.path),
        query,
      ).toEqual([path]);
    }
    const unknownPort = await api.call('reader', 'GET', `${storePath('ADMIN01')}?forSendPort=SP.Nowhere`);
    expect(unknownPort.status).toBe(404);
  });

  it('with count=bounded says more than how many match until the page reaches the last, and reaches every row', async () => {
    // The whole store, read here in one request, decides what every search should answer.
    const all = await api.call('reader', 'GET', `${storePath('ADMIN01')}?limit=1000&view=summary`);
    type Summary = {
      thumbprint: string;
      subjectCommonName: string | null;
      issuerCommonName: string | null;
      friendlyName: string | null;
    };
    const rows: Summary[] = all.body.items;
    for (const q of ['partner', 'a', 'contoso', 'zzz-none']) {
      const expected = rows
        .filter((row) =>
          [row.subjectCommonName, row.issuerCommonName, row.friendlyName, row.thumbprint].some((name) =>
            name?.toLowerCase().includes(q),
          ),
        )
        .map((row) => row.thumbprint);
      const read: string[] = [];
      for (let page = 1; ; page += 1) {
        const response = await api.call(
          'reader',
          'GET',
          `${storePath('ADMIN01')}?view=summary&count=bounded&limit=2&page=${page}&q=${q}`,
        );
        expect(response.status).toBe(200);
        expect(StoreCertificateSummaryPageSchema.parse(response.body)).toEqual(response.body);
        read.push(...response.body.items.map((item: Summary) => item.thumbprint));
        if (page * 2 < expected.length) {
          expect(response.body, q).toEqual({ items: expect.any(Array), moreThan: page * 2 });
        } else {
          expect(response.body, q).toEqual({ items: expect.any(Array), total: expected.length });
          break;
        }
      }
      expect(read, q).toEqual(expected);
      // Without count=bounded, the exact total as before.
      const exact = await api.call('reader', 'GET', `${storePath('ADMIN01')}?view=summary&limit=1&q=${q}`);
      expect(exact.body.total, q).toBe(expected.length);
      expect(exact.body).not.toHaveProperty('moreThan');
    }
    expect((await api.call('reader', 'GET', `${storePath('ADMIN01')}?count=some`)).status).toBe(422);
  });

  it('says for each certificate why a send port cannot use it, and lists only the usable ones when asked', async () => {
    // SP.Invoicing.AS2 is processed on BTS01 and BTS02.
    const judged = await api.call(
      'reader',
      'GET',
      `${storePath('ADMIN01')}?forSendPort=${encodeURIComponent('SP.Invoicing.AS2')}&view=summary`,
    );
    expect(judged.status).toBe(200);
    const reasonsOf = (commonName: string) =>
      judged.body.items.find((item: { subjectCommonName: string }) => item.subjectCommonName === commonName)
        ?.reasons;
    expect(reasonsOf('Fabrikam Invoicing Encryption')).toEqual([]);
    expect(reasonsOf('Northwind Traders Shipping')).toEqual([
      { code: 'expired', notAfter: expect.any(String) },
    ]);
    expect(reasonsOf('Litware Document Signing')).toEqual([
      { code: 'not-for-encryption', keyUsage: ['digitalSignature'] },
    ]);
    expect(reasonsOf('Wide World Importers Encryption')).toEqual([
      { code: 'not-yet-valid', notBefore: expect.any(String) },
    ]);
    expect(reasonsOf('Tailspin Toys Encryption')).toEqual([
      { code: 'missing-on-servers', servers: ['BTS02'] },
    ]);
    expect(reasonsOf('Adventure Works Encryption')).toEqual([
      { code: 'missing-on-servers', servers: ['BTS01', 'BTS02'] },
    ]);

    const usable = await api.call(
      'reader',
      'GET',
      `${storePath('ADMIN01')}?forSendPort=SP.Invoicing.AS2&only=usable&limit=1`,
    );
    const usableNames = judged.body.items
      .filter((item: { reasons: unknown[] }) => item.reasons.length === 0)
      .map((item: { thumbprint: string }) => item.thumbprint);
    expect(usable.body.total).toBe(usableNames.length);
    expect(usable.body.items.map((item: { thumbprint: string }) => item.thumbprint)).toEqual(
      usableNames.slice(0, 1),
    );
    // A whole thumbprint is judged the same way.
    const northwind = judged.body.items.find(
      (item: { subjectCommonName: string }) => item.subjectCommonName === 'Northwind Traders Shipping',
    ).thumbprint;
    const byThumbprint = await api.call(
      'reader',
      'GET',
      `${storePath('ADMIN01')}?forSendPort=SP.Invoicing.AS2&only=usable&q=${northwind}`,
    );
    expect(byThumbprint.body).toEqual({ items: [], total: 0 });
  });
});
