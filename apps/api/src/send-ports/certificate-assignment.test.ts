import { DEMO_CERTIFICATES, listAuditEntries, type DemoCertificateCaseName } from '@bts-console/db';
import {
  formatThumbprintColons,
  formatThumbprintDisplay,
  normalizeThumbprint,
  SendPortChangeResponseSchema,
} from '@bts-console/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_DIALECTS, type TestApp } from '../test-support/test-app';
import {
  apiClient,
  issueTestCertificate,
  portPath,
  storePath,
  type ApiClient,
  type ApiResponse,
} from '../test-support/port-test-client';

/** Processed by BTS01 and BTS02 (BizTalkServerApplication); has no certificate in the demo group. */
const BOTH_SERVERS_PORT = 'SP.Orders.Confirmation.FILE';
/** Processed by BTS02 only (SecureSendHost). */
const BTS02_PORT = 'SP.Orders.Secure.HTTP';

describe.each(TEST_DIALECTS)('PUT and DELETE /api/send-ports/{name}/certificate (%s)', (dialect) => {
  let app: TestApp;
  let api: ApiClient;
  const thumbprints = {} as Record<DemoCertificateCaseName, string>;

  beforeAll(async () => {
    app = await startTestApp({ dialect });
    api = apiClient(app);
    for (const [caseName, spec] of Object.entries(DEMO_CERTIFICATES)) {
      const found = await api.call(
        'admin',
        'GET',
        `${storePath('ADMIN01')}?q=${encodeURIComponent(spec.commonName)}`,
      );
      expect(found.body.items, spec.commonName).toHaveLength(1);
      thumbprints[caseName as DemoCertificateCaseName] = found.body.items[0].thumbprint;
    }
  });
  afterAll(async () => {
    await app?.close();
  });

  async function read(name: string) {
    const response = await api.call('admin', 'GET', portPath(name));
    expect(response.status).toBe(200);
    return { etag: response.headers.get('etag') ?? '', port: response.body };
  }

  async function assign(name: string, body: unknown, options: { ifMatch?: string | null } = {}) {
    const ifMatch = options.ifMatch === undefined ? (await read(name)).etag : options.ifMatch;
    return api.call('admin', 'PUT', portPath(name, '/certificate'), {
      json: body,
      headers: ifMatch === null ? {} : { 'if-match': ifMatch },
    });
  }

  async function auditOf(name: string) {
    return listAuditEntries(app.deps.database.db, { target: name, limit: 1000 });
  }

  /** Runs a request that must be refused, and checks that neither the port nor the audit log changed. */
  async function expectRefusedWithoutChange(name: string, run: () => Promise<ApiResponse>) {
    const before = await read(name);
    const auditBefore = await auditOf(name);
    const response = await run();
    const after = await read(name);
    expect(after.etag).toBe(before.etag);
    expect(after.port.certificate).toEqual(before.port.certificate);
    expect((await auditOf(name)).total).toBe(auditBefore.total);
    return response;
  }

  it('assigns a certificate that is on every processing server: new ETag, port updated, audit entry', async () => {
    await assign(BOTH_SERVERS_PORT, { thumbprint: thumbprints.validEverywhere }).then((r) =>
      expect(r.status).toBe(200),
    );
    const before = await read(BOTH_SERVERS_PORT);
    const response = await api.call('admin', 'DELETE', portPath(BOTH_SERVERS_PORT, '/certificate'), {
      headers: { 'if-match': before.etag },
    });
    expect(response.status).toBe(200);

    const assigned = await assign(BOTH_SERVERS_PORT, {
      thumbprint: thumbprints.validEverywhere,
      reason: 'Contoso go-live',
    });
    expect(assigned.status).toBe(200);
    const body = SendPortChangeResponseSchema.parse(assigned.body);
    expect(body.warnings).toEqual([]);
    expect(body.certificate).toMatchObject({
      thumbprint: thumbprints.validEverywhere,
      commonName: DEMO_CERTIFICATES.validEverywhere.commonName,
      health: 'valid',
    });
    expect(body.processingServers.map((server) => [server.name, server.certificatePresent])).toEqual([
      ['BTS01', true],
      ['BTS02', true],
    ]);
    expect(body.changedBy).toBe('admin');
    expect(assigned.headers.get('etag')).toBe(`"${body.version}"`);

    const reread = await read(BOTH_SERVERS_PORT);
    expect(reread.etag).toBe(assigned.headers.get('etag'));
    expect(reread.port.certificate.thumbprint).toBe(thumbprints.validEverywhere);

    const [entry] = (await auditOf(BOTH_SERVERS_PORT)).items;
    expect(entry).toMatchObject({
      action: 'certificate.assign',
      targetType: 'send-port',
      username: 'admin',
      before: null,
      after: {
        thumbprint: thumbprints.validEverywhere,
        commonName: DEMO_CERTIFICATES.validEverywhere.commonName,
      },
      reason: 'Contoso go-live',
    });
  });

  it('accepts the thumbprint as people paste it: display form, colons, lower case, U+200E, openssl prefix', async () => {
    const canonical = thumbprints.validEverywhere;
    const pasted = [
      formatThumbprintDisplay(canonical),
      `\u200E${formatThumbprintDisplay(canonical).toLowerCase()}`,
      `SHA1 Fingerprint=${formatThumbprintColons(canonical)}`,
      `sha1 fingerprint=${formatThumbprintColons(canonical).toLowerCase()}\n`,
    ];
    for (const thumbprint of pasted) {
      const response = await assign('SP.Orders.Status.WCF', { thumbprint });
      expect(response.status, thumbprint).toBe(200);
      expect(response.body.certificate.thumbprint).toBe(canonical);
    }
  });

  it('refuses a malformed thumbprint with a field error saying what is wrong (rule a)', async () => {
    const cases = [
      '',
      'G'.repeat(40),
      '0123456789ABCDEF0123G56789ABCDEF01234567',
      'A'.repeat(39),
      'A'.repeat(64),
      'A'.repeat(32),
    ];
    for (const thumbprint of cases) {
      const response = await expectRefusedWithoutChange(BTS02_PORT, () => assign(BTS02_PORT, { thumbprint }));
      const expected = normalizeThumbprint(thumbprint);
      if (expected.ok) throw new Error('test case must be invalid');
      expect(response.status, thumbprint).toBe(422);
      expect(response.body).toMatchObject({
        code: 'invalid-thumbprint',
        errors: [{ path: 'thumbprint', code: expected.error.code, message: expected.error.message }],
      });
    }
    const at13 = await assign(BTS02_PORT, { thumbprint: '0123456789ABG' + '0'.repeat(27) });
    expect(at13.body.errors[0].message).toBe("'G' at position 13 is not a hexadecimal digit");
  });

  it('refuses a thumbprint that is in no Other People store, naming it in display form (rule b)', async () => {
    const unknown = 'ABCDEF0123456789ABCDEF0123456789ABCDEF01';
    const response = await expectRefusedWithoutChange(BTS02_PORT, () =>
      assign(BTS02_PORT, { thumbprint: unknown }),
    );
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('certificate-not-found');
    expect(response.body.detail).toContain(
      'No certificate with thumbprint ABCD EF01 2345 6789 ABCD EF01 2345 6789 ABCD EF01 is in the Other People store of any computer in this group.',
    );
  });

  it('refuses a certificate missing on a processing server, naming the servers (rule c)', async () => {
    const response = await expectRefusedWithoutChange(BOTH_SERVERS_PORT, () =>
      assign(BOTH_SERVERS_PORT, { thumbprint: thumbprints.missingOnBts02 }),
    );
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ code: 'certificate-missing-on-servers', servers: ['BTS02'] });
    expect(response.body.detail).toContain('BTS02');

    const consoleOnly = await assign(BOTH_SERVERS_PORT, { thumbprint: thumbprints.consoleOnly });
    expect(consoleOnly.body).toMatchObject({
      code: 'certificate-missing-on-servers',
      servers: ['BTS01', 'BTS02'],
    });

    // The dynamic port names no send handler: the default host's servers process it.
    const dynamic = await assign('SP.Orders.Dynamic', { thumbprint: thumbprints.missingOnBts02 });
    expect(dynamic.body).toMatchObject({ code: 'certificate-missing-on-servers', servers: ['BTS02'] });
  });

  it('saves with a warning when the request acknowledges exactly the missing servers, and audits it', async () => {
    for (const wrong of [['BTS01'], ['BTS01', 'BTS02'], ['BTS03'], ['ADMIN01']]) {
      const response = await expectRefusedWithoutChange('SP.Orders.Notify.SMTP', () =>
        assign('SP.Orders.Notify.SMTP', {
          thumbprint: thumbprints.missingOnBts02,
          acknowledgeMissingOn: wrong,
        }),
      );
      expect(response.status, wrong.join()).toBe(422);
      expect(response.body).toMatchObject({ code: 'acknowledgement-mismatch', servers: ['BTS02'] });
      expect(response.body.detail).toContain('["BTS02"]');
    }
    const fewer = await assign(BOTH_SERVERS_PORT, {
      thumbprint: thumbprints.consoleOnly,
      acknowledgeMissingOn: ['BTS02'],
    });
    expect(fewer.body).toMatchObject({ code: 'acknowledgement-mismatch', servers: ['BTS01', 'BTS02'] });

    const response = await assign('SP.Orders.Notify.SMTP', {
      thumbprint: thumbprints.missingOnBts02,
      acknowledgeMissingOn: ['bts02'],
    });
    expect(response.status).toBe(200);
    expect(response.body.warnings).toEqual([
      expect.objectContaining({ code: 'missing-on-servers-acknowledged', servers: ['BTS02'] }),
    ]);
    expect(response.body.certificate.health).toBe('missing-on-servers');
    expect(response.body.processingServers).toEqual([
      expect.objectContaining({ name: 'BTS01', certificatePresent: true }),
      expect.objectContaining({ name: 'BTS02', certificatePresent: false }),
    ]);
    const [entry] = (await auditOf('SP.Orders.Notify.SMTP')).items;
    expect(entry?.after).toMatchObject({
      thumbprint: thumbprints.missingOnBts02,
      acknowledgedMissingOn: ['BTS02'],
    });
  });

  it('refuses an acknowledgement when nothing is missing: it must name exactly the missing servers', async () => {
    const response = await assign(BTS02_PORT, {
      thumbprint: thumbprints.validEverywhere,
      acknowledgeMissingOn: ['BTS02'],
    });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ code: 'acknowledgement-mismatch', servers: [] });
  });

  it('refuses an expired certificate and a signing-only certificate (rule d)', async () => {
    const expired = await expectRefusedWithoutChange(BTS02_PORT, () =>
      assign(BTS02_PORT, { thumbprint: thumbprints.expired }),
    );
    expect(expired.status).toBe(422);
    expect(expired.body.code).toBe('certificate-expired');
    expect(expired.body.detail).toContain(DEMO_CERTIFICATES.expired.commonName);

    const signing = await expectRefusedWithoutChange(BTS02_PORT, () =>
      assign(BTS02_PORT, { thumbprint: thumbprints.signingOnly }),
    );
    expect(signing.status).toBe(422);
    expect(signing.body.code).toBe('certificate-not-for-encryption');
    expect(signing.body.detail).toContain('digitalSignature');
  });

  it('refuses a not-yet-valid certificate naming the date, and changes nothing (rule d)', async () => {
    const { notBefore } = (await api.call('admin', 'GET', `/api/certificates/${thumbprints.notYetValid}`))
      .body;
    expect(Date.parse(notBefore)).toBeGreaterThan(app.clock.now().getTime());
    for (const body of [
      { thumbprint: thumbprints.notYetValid },
      { thumbprint: thumbprints.notYetValid, acknowledgeNotYetValid: false },
    ]) {
      const refused = await expectRefusedWithoutChange('SP.Invoicing.Reminder.SMTP', () =>
        assign('SP.Invoicing.Reminder.SMTP', body),
      );
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({
        code: 'certificate-not-yet-valid',
        thumbprint: thumbprints.notYetValid,
        notBefore,
      });
      expect(refused.body.detail).toContain(notBefore.slice(0, 10));
      expect(refused.body.detail).toContain('acknowledgeNotYetValid');
    }
  });

  it('saves an acknowledged not-yet-valid certificate with a warning, and audits the acknowledgement (rule d)', async () => {
    const notYet = await assign('SP.Invoicing.Reminder.SMTP', {
      thumbprint: thumbprints.notYetValid,
      acknowledgeNotYetValid: true,
    });
    expect(notYet.status).toBe(200);
    expect(notYet.body.warnings).toEqual([expect.objectContaining({ code: 'certificate-not-yet-valid' })]);
    expect(notYet.body.certificate.health).toBe('not-yet-valid');
    const [entry] = (await auditOf('SP.Invoicing.Reminder.SMTP')).items;
    expect(entry).toMatchObject({
      action: 'certificate.assign',
      after: { thumbprint: thumbprints.notYetValid, acknowledgedNotYetValid: true },
    });
  });

  it('saves an expiring certificate with a warning (rule d)', async () => {
    const expiring = await assign('SP.Invoicing.Payment.HTTP', { thumbprint: thumbprints.expiringIn10Days });
    expect(expiring.status).toBe(200);
    expect(expiring.body.warnings).toEqual([
      expect.objectContaining({ code: 'certificate-expiring', daysLeft: 10 }),
    ]);
    expect(expiring.body.certificate.health).toBe('expiring');
  });

  it('checks suitability before presence: an expired certificate on the console only is refused as expired', async () => {
    const now = app.clock.now();
    const expiredHere = issueTestCertificate({
      commonName: 'Expired Console Only',
      validFromDays: -100,
      validToDays: -1,
      now,
    });
    const signingHere = issueTestCertificate({
      commonName: 'Signing Console Only',
      keyUsage: ['digitalSignature'],
      now,
    });
    const imported: string[] = [];
    for (const file of [expiredHere, signingHere]) {
      const response = await api.call('admin', 'POST', storePath('ADMIN01'), { bytes: file.pem });
      expect(response.status).toBe(201);
      imported.push(response.body.thumbprint);
    }
    const [expired, signing] = imported;
    expect((await assign(BOTH_SERVERS_PORT, { thumbprint: expired })).body.code).toBe('certificate-expired');
    expect((await assign(BOTH_SERVERS_PORT, { thumbprint: signing })).body.code).toBe(
      'certificate-not-for-encryption',
    );
  });

  it('a certificate without a KeyUsage extension may encrypt', async () => {
    const file = issueTestCertificate({
      commonName: 'No Key Usage Partner',
      keyUsage: null,
      now: app.clock.now(),
    });
    let thumbprint = '';
    for (const computer of ['BTS01', 'BTS02']) {
      const imported = await api.call('admin', 'POST', storePath(computer), { bytes: file.der });
      expect(imported.status).toBe(201);
      thumbprint = imported.body.thumbprint;
    }
    const response = await assign(BTS02_PORT, { thumbprint });
    expect(response.status).toBe(200);
    expect(response.body.certificate).toMatchObject({
      thumbprint,
      commonName: 'No Key Usage Partner',
      health: 'valid',
    });
  });

  it('requires If-Match (428), refuses If-Match: * (428), and refuses a stale or weak ETag with the current port (412)', async () => {
    const missing = await expectRefusedWithoutChange('SP.Shipping.Manifest.FILE', () =>
      assign('SP.Shipping.Manifest.FILE', { thumbprint: thumbprints.validEverywhere }, { ifMatch: null }),
    );
    expect(missing.status).toBe(428);
    expect(missing.body.code).toBe('precondition-required');
    const star = await assign(
      'SP.Shipping.Manifest.FILE',
      { thumbprint: thumbprints.validEverywhere },
      { ifMatch: '*' },
    );
    expect(star.status).toBe(428);

    const { etag } = await read('SP.Shipping.Manifest.FILE');
    const first = await assign(
      'SP.Shipping.Manifest.FILE',
      { thumbprint: thumbprints.validEverywhere },
      { ifMatch: etag },
    );
    expect(first.status).toBe(200);
    const stale = await expectRefusedWithoutChange('SP.Shipping.Manifest.FILE', () =>
      assign('SP.Shipping.Manifest.FILE', { thumbprint: thumbprints.expiringIn10Days }, { ifMatch: etag }),
    );
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({
      code: 'precondition-failed',
      changedBy: 'admin',
      changedAt: first.body.changedAt,
      current: { name: 'SP.Shipping.Manifest.FILE', version: first.body.version },
    });
    expect(stale.body.current.certificate.thumbprint).toBe(thumbprints.validEverywhere);

    const current = await read('SP.Shipping.Manifest.FILE');
    const weak = await assign(
      'SP.Shipping.Manifest.FILE',
      { thumbprint: thumbprints.expiringIn10Days },
      { ifMatch: `W/${current.etag}` },
    );
    expect(weak.status).toBe(412);
    const listed = await assign(
      'SP.Shipping.Manifest.FILE',
      { thumbprint: thumbprints.expiringIn10Days },
      { ifMatch: `"1", ${current.etag}` },
    );
    expect(listed.status).toBe(200);
  });

  it('evaluates If-Match before the body: a stale ETag gets 412 even with a malformed thumbprint', async () => {
    const response = await assign(
      'SP.Shipping.Tracking.WCF',
      { thumbprint: 'nonsense' },
      { ifMatch: '"999"' },
    );
    expect(response.status).toBe(412);
  });

  it('answers 404 for an unknown port and 422 for a body that is not an assignment', async () => {
    expect(
      (await assign('No Such Port', { thumbprint: thumbprints.validEverywhere }, { ifMatch: '"1"' })).status,
    ).toBe(404);
    for (const body of [
      {},
      { thumbprint: 42 },
      [],
      { thumbprint: thumbprints.validEverywhere, acknowledgeMissingOn: 'BTS02' },
    ]) {
      const response = await assign('SP.Shipping.Alerts.SMTP', body);
      expect(response.status, JSON.stringify(body)).toBe(422);
      expect(response.body.code).toBe('validation-failed');
    }
    // A JSON body must be an object: a bare string or null is not JSON this API reads.
    for (const body of ['x', null]) {
      const response = await assign('SP.Shipping.Alerts.SMTP', body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.code).toBe('malformed-json');
    }
  });

  it('re-assigning the same certificate changes nothing: same ETag, no audit entry', async () => {
    const first = await assign('SP.Shipping.Alerts.SMTP', { thumbprint: thumbprints.validEverywhere });
    expect(first.status).toBe(200);
    const auditBefore = (await auditOf('SP.Shipping.Alerts.SMTP')).total;
    const again = await assign('SP.Shipping.Alerts.SMTP', {
      thumbprint: formatThumbprintDisplay(thumbprints.validEverywhere),
    });
    expect(again.status).toBe(200);
    expect(again.headers.get('etag')).toBe(first.headers.get('etag'));
    expect((await auditOf('SP.Shipping.Alerts.SMTP')).total).toBe(auditBefore);
  });

  it('removes the certificate (it stays in the stores), audits it, and a second removal changes nothing', async () => {
    const name = 'SP.Invoicing.Archive.FILE';
    expect((await assign(name, { thumbprint: thumbprints.validEverywhere })).status).toBe(200);
    const before = await read(name);
    const removed = await api.call('admin', 'DELETE', portPath(name, '/certificate'), {
      headers: { 'if-match': before.etag },
    });
    expect(removed.status).toBe(200);
    expect(removed.body).toMatchObject({ certificate: null, warnings: [], version: before.port.version + 1 });
    expect(
      removed.body.processingServers.every(
        (server: { certificatePresent: unknown }) => server.certificatePresent === null,
      ),
    ).toBe(true);
    const [entry] = (await auditOf(name)).items;
    expect(entry).toMatchObject({
      action: 'certificate.remove',
      before: { thumbprint: thumbprints.validEverywhere },
      after: null,
    });
    const stillInStore = await api.call('admin', 'GET', `/api/certificates/${thumbprints.validEverywhere}`);
    expect(stillInStore.body.presence.every((entry: { present: boolean }) => entry.present)).toBe(true);

    const auditAfterRemoval = (await auditOf(name)).total;
    const again = await api.call('admin', 'DELETE', portPath(name, '/certificate'), {
      headers: { 'if-match': removed.headers.get('etag') ?? '' },
    });
    expect(again.status).toBe(200);
    expect(again.headers.get('etag')).toBe(removed.headers.get('etag'));
    expect((await auditOf(name)).total).toBe(auditAfterRemoval);

    const noIfMatch = await api.call('admin', 'DELETE', portPath(name, '/certificate'));
    expect(noIfMatch.status).toBe(428);
    const stale = await api.call('admin', 'DELETE', portPath(name, '/certificate'), {
      headers: { 'if-match': before.etag },
    });
    expect(stale.status).toBe(412);
  });

  it('names with dots, spaces and brackets travel URL-encoded', async () => {
    const response = await api.call('admin', 'GET', portPath('SendPort2.Secure'));
    expect(response.status).toBe(200);
    const list = await api.call(
      'admin',
      'GET',
      `/api/applications/${encodeURIComponent('BizTalk Application 1')}/send-ports`,
    );
    expect(list.status).toBe(200);
    expect(list.body.items.map((row: { name: string }) => row.name)).toContain('SendPort2.Secure');
  });
});
