import { DEMO_AS2_PORT, demoPartnerKeyPath, listAuditEntries, setHostInstanceState } from '@bts-console/db';
import {
  EventLogEntryListSchema,
  fixedClock,
  GroupHubSchema,
  MessageInstanceListSchema,
  MessageInstanceSchema,
  TestMessageResultSchema,
  type TestMessageResult,
} from '@bts-console/domain';
import { createCertificate, generateRsaKeyPair, privateKeyToPem } from '@bts-console/x509';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiClient,
  portPath,
  storePath,
  type ApiClient,
  type Caller,
} from '../test-support/port-test-client';
import { startTestApp, TEST_DIALECTS, TEST_START_TIME, type TestApp } from '../test-support/test-app';

/** Started, processed by BTS01 and BTS02 (BizTalkServerApplication), no certificate in the demo group. */
const ARCHIVE_PORT = 'SP.Invoicing.Archive.FILE';
const CONFIRMATION_PORT = 'SP.Orders.Confirmation.FILE';
const MANIFEST_PORT = 'SP.Shipping.Manifest.FILE';
/** Started, expired certificate. */
const EXPIRED_PORT = 'SP.Shipping.AS2';
/** Started, processed by BTS02 only (SecureSendHost), no certificate. */
const SECURE_PORT = 'SP.Orders.Secure.HTTP';
const BOUND_PORT = 'SendPort1';
const STOPPED_PORT = 'SP.Orders.Notify.SMTP';

const DAY_MS = 86_400_000;
const ORDER = Buffer.from(
  '<Order xmlns="http://schemas.contoso.com/orders/2024"><Id>42</Id><Note>Crème brûlée</Note></Order>\n',
);

describe.each(TEST_DIALECTS)('message runtime (%s)', (dialect) => {
  const clock = fixedClock(TEST_START_TIME);
  let app: TestApp;
  let api: ApiClient;
  let folder: string;
  /** One partner key pair, and two certificates of it: one goes in both servers' stores, the other in BTS01's only. */
  const partner = { keyFile: '' };
  const everywhere = { commonName: 'Runtime Test Partner', pem: '', thumbprint: '' };
  const bts01Only = { commonName: 'Runtime Test Partner (BTS01)', pem: '', thumbprint: '' };

  beforeAll(async () => {
    app = await startTestApp({ dialect, clock });
    api = apiClient(app);
    folder = mkdtempSync(join(tmpdir(), 'bts-runtime-test-'));
    // The partner's key belongs to the test, as it would to the partner: the console never sees it.
    const keys = generateRsaKeyPair(2048);
    partner.keyFile = join(folder, 'partner.key.pem');
    writeFileSync(partner.keyFile, privateKeyToPem(keys.privateKey), { mode: 0o600 });
    for (const certificate of [everywhere, bts01Only]) {
      certificate.pem = createCertificate({
        subject: { commonName: certificate.commonName, organization: 'Test Partner' },
        publicKey: keys.publicKey,
        signingKey: keys.privateKey,
        notBefore: new Date(clock.now().getTime() - DAY_MS),
        notAfter: new Date(clock.now().getTime() + 365 * DAY_MS),
        keyUsage: ['digitalSignature', 'keyEncipherment'],
      }).pem;
      certificate.thumbprint = (await importInto('BTS01', certificate)).body.thumbprint;
    }
    await importInto('BTS02', everywhere);
  });
  afterAll(async () => {
    await app?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  async function importInto(computer: string, certificate: { pem: string }) {
    const response = await api.call('admin', 'POST', storePath(computer), { bytes: certificate.pem });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response;
  }

  async function assignPartnerCertificate(
    port: string,
    certificate: { thumbprint: string },
    acknowledgeMissingOn?: string[],
  ) {
    const read = await api.call('admin', 'GET', portPath(port));
    const response = await api.call('admin', 'PUT', portPath(port, '/certificate'), {
      json: { thumbprint: certificate.thumbprint, ...(acknowledgeMissingOn ? { acknowledgeMissingOn } : {}) },
      headers: { 'if-match': read.headers.get('etag') ?? '' },
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
  }

  async function send(
    port: string,
    options: { caller?: Caller; server?: string; message?: Uint8Array | string } = {},
  ) {
    const query = options.server === undefined ? '' : `?server=${encodeURIComponent(options.server)}`;
    return api.call(options.caller ?? 'operator', 'POST', portPath(port, `/test-message${query}`), {
      bytes: options.message ?? ORDER,
      headers: { 'content-type': 'application/xml' },
    });
  }

  async function sent(port: string, options: { server?: string; message?: Uint8Array | string } = {}) {
    clock.advance(1000);
    const response = await send(port, options);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.headers.get('location')).toBe(`/api/instances/${response.body.instanceId}`);
    return TestMessageResultSchema.parse(response.body);
  }

  async function output(instanceId: string) {
    const response = await fetch(`${app.baseUrl}/api/instances/${instanceId}/output`, {
      headers: (await app.signIn('reader')).headers,
    });
    return { response, bytes: Buffer.from(await response.arrayBuffer()) };
  }

  function decrypt(entity: Buffer, keyFile: string): Buffer {
    const file = join(folder, `out-${Math.random().toString(16).slice(2)}.eml`);
    writeFileSync(file, entity);
    return execFileSync('openssl', ['smime', '-decrypt', '-inkey', keyFile, '-in', file]);
  }

  async function instance(id: string) {
    const response = await api.call('reader', 'GET', `/api/instances/${id}`);
    expect(response.status).toBe(200);
    return MessageInstanceSchema.parse(response.body);
  }

  async function eventsOf(computer: string) {
    const response = await api.call(
      'reader',
      'GET',
      `/api/event-log?computer=${computer}&level=Error&limit=1000`,
    );
    expect(response.status).toBe(200);
    return EventLogEntryListSchema.parse(response.body);
  }

  function missingText(port: string, uri: string, pipeline: string, computer: string) {
    return (
      `There was a failure executing the send pipeline: "${pipeline}" Source: "MIME/SMIME encoder" ` +
      `Send Port: "${port}" URI: "${uri}" Reason: The certificate with thumbprint ${bts01Only.thumbprint} ` +
      `was not found in the Other People (AddressBook) store of the local computer ${computer}.`
    );
  }

  it('encrypts to the port certificate as S/MIME that openssl decrypts with the partner key', async () => {
    await assignPartnerCertificate(ARCHIVE_PORT, everywhere);

    const result = await sent(ARCHIVE_PORT, { server: 'BTS02' });
    expect(result).toEqual({
      instanceId: result.instanceId,
      status: 'Delivered',
      server: 'BTS02',
      sendPort: ARCHIVE_PORT,
      encrypted: true,
    });

    const { response, bytes } = await output(result.instanceId);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(
      /^application\/pkcs7-mime; smime-type=enveloped-data/,
    );
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename=/);
    expect(bytes.toString('latin1')).toContain(
      'Content-Type: application/pkcs7-mime; smime-type=enveloped-data; name="smime.p7m"',
    );
    expect(bytes.toString('latin1')).not.toContain('Crème');
    expect(decrypt(bytes, partner.keyFile).equals(ORDER)).toBe(true);

    const file = join(folder, 'structure.eml');
    writeFileSync(file, bytes);
    const structure = execFileSync('openssl', ['cms', '-cmsout', '-print', '-in', file]).toString();
    expect(structure).toContain('aes-256-cbc');
    expect(structure).toContain('pkcs7-envelopedData');

    expect(await instance(result.instanceId)).toMatchObject({
      status: 'Delivered',
      server: 'BTS02',
      encrypted: true,
      error: null,
      messageSize: ORDER.byteLength,
      application: 'Fabrikam.Invoicing',
    });
  });

  it('delivers to a demo partner what its own key decrypts', async () => {
    const result = await sent(DEMO_AS2_PORT);
    expect(result).toMatchObject({ status: 'Delivered', encrypted: true });
    const { bytes } = await output(result.instanceId);
    const keyFile = demoPartnerKeyPath(app.deps.config.dataDir, 'validEverywhere');
    expect(decrypt(bytes, keyFile).equals(ORDER)).toBe(true);
  });

  it('delivers clear text, byte for byte, from a port without a certificate', async () => {
    const message = Buffer.from([0x00, 0xff, 0x0d, 0x0a, 0x80, 0x41, 0x0a]);
    const result = await sent(MANIFEST_PORT, { message });
    expect(result).toMatchObject({ status: 'Delivered', encrypted: false, sendPort: MANIFEST_PORT });
    const { response, bytes } = await output(result.instanceId);
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment/);
    expect(bytes.equals(message)).toBe(true);
  });

  it('suspends on the server that lacks the certificate, logs BizTalk event 5754 there, and delivers once it is installed', async () => {
    const uri = '\\\\FS01\\Contoso\\Orders\\Out\\%MessageID%.xml';
    const pipeline = 'Microsoft.BizTalk.DefaultPipelines.XMLTransmit';
    await assignPartnerCertificate(CONFIRMATION_PORT, bts01Only, ['BTS02']);
    const hub = GroupHubSchema.parse((await api.call('reader', 'GET', '/api/group/hub')).body);
    expect(hub.certificateProblems.find((row) => row.sendPort === CONFIRMATION_PORT)).toEqual({
      sendPort: CONFIRMATION_PORT,
      application: 'Contoso.Orders',
      thumbprint: bts01Only.thumbprint,
      commonName: bts01Only.commonName,
      problems: [{ server: 'BTS02', problem: 'missing' }],
    });
    const bts02Before = (await eventsOf('BTS02')).total;
    const bts01Before = (await eventsOf('BTS01')).total;

    const onBts02 = await sent(CONFIRMATION_PORT, { server: 'bts02' });
    const text = missingText(CONFIRMATION_PORT, uri, pipeline, 'BTS02');
    expect(onBts02).toEqual({
      instanceId: onBts02.instanceId,
      status: 'Suspended (resumable)',
      server: 'BTS02',
      sendPort: CONFIRMATION_PORT,
      encrypted: false,
      error: text,
    });
    const events = await eventsOf('BTS02');
    expect(events.total).toBe(bts02Before + 1);
    expect(events.items[0]).toEqual({
      id: expect.any(Number),
      at: clock.now().toISOString(),
      computer: 'BTS02',
      level: 'Error',
      source: 'BizTalk Server',
      eventId: 5754,
      text,
    });
    const output409 = await api.call('reader', 'GET', `/api/instances/${onBts02.instanceId}/output`);
    expect(output409.status).toBe(409);
    expect(output409.body.code).toBe('nothing-delivered');

    // Without ?server= the two servers take turns: one has the certificate, the other does not.
    const turns = [await sent(CONFIRMATION_PORT), await sent(CONFIRMATION_PORT)];
    expect(turns.map((turn) => turn.server).sort()).toEqual(['BTS01', 'BTS02']);
    const byServer = Object.fromEntries(turns.map((turn) => [turn.server, turn]));
    expect(byServer.BTS01).toMatchObject({ status: 'Delivered', encrypted: true });
    expect(byServer.BTS02).toMatchObject({ status: 'Suspended (resumable)', error: text });
    expect((await eventsOf('BTS01')).total).toBe(bts01Before);

    // Resumed before anything is fixed: suspended again, with a new event.
    clock.advance(1000);
    const again = await api.call('operator', 'POST', `/api/instances/${onBts02.instanceId}/resume`);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ status: 'Suspended (resumable)', server: 'BTS02', error: text });
    expect((await eventsOf('BTS02')).total).toBe(bts02Before + 3);

    await importInto('BTS02', bts01Only);
    clock.advance(1000);
    const resumed = await api.call('operator', 'POST', `/api/instances/${onBts02.instanceId}/resume`);
    expect(resumed.status).toBe(200);
    expect(MessageInstanceSchema.parse(resumed.body)).toMatchObject({
      id: onBts02.instanceId,
      status: 'Delivered',
      server: 'BTS02',
      encrypted: true,
      error: null,
      updatedAt: clock.now().toISOString(),
    });
    expect(decrypt((await output(onBts02.instanceId)).bytes, partner.keyFile).equals(ORDER)).toBe(true);
    expect((await eventsOf('BTS02')).total).toBe(bts02Before + 3);

    const resumeDelivered = await api.call('operator', 'POST', `/api/instances/${onBts02.instanceId}/resume`);
    expect(resumeDelivered.status).toBe(409);
    expect(resumeDelivered.body).toMatchObject({ code: 'instance-not-suspended', status: 409 });
    const terminateDelivered = await api.call(
      'admin',
      'POST',
      `/api/instances/${onBts02.instanceId}/terminate`,
    );
    expect(terminateDelivered.status).toBe(409);

    const terminated = await api.call(
      'admin',
      'POST',
      `/api/instances/${byServer.BTS02!.instanceId}/terminate`,
    );
    expect(terminated.status).toBe(200);
    expect(terminated.body).toMatchObject({ status: 'Terminated', error: text });
    const listed = await api.call(
      'reader',
      'GET',
      `/api/instances?status=${encodeURIComponent('Terminated')}&sendPort=${encodeURIComponent(CONFIRMATION_PORT.toLowerCase())}`,
    );
    expect(MessageInstanceListSchema.parse(listed.body)).toMatchObject({
      total: 1,
      items: [{ id: byServer.BTS02!.instanceId, status: 'Terminated', sendPort: CONFIRMATION_PORT }],
    });
    expect(
      (await api.call('operator', 'POST', `/api/instances/${byServer.BTS02!.instanceId}/resume`)).status,
    ).toBe(409);
    expect(
      (await api.call('operator', 'POST', `/api/instances/${byServer.BTS02!.instanceId}/terminate`)).status,
    ).toBe(409);

    const all = MessageInstanceListSchema.parse(
      (await api.call('reader', 'GET', `/api/instances?sendPort=${encodeURIComponent(CONFIRMATION_PORT)}`))
        .body,
    );
    expect(all.total).toBe(3);
    expect(all.items.map((item) => item.createdAt)).toEqual(
      [...all.items.map((item) => item.createdAt)].sort().reverse(),
    );
  });

  it('suspends a message for an expired certificate, naming its expiry', async () => {
    const result = await sent(EXPIRED_PORT);
    expect(result.status).toBe('Suspended (resumable)');
    expect(result.error).toMatch(
      new RegExp(
        `^There was a failure executing the send pipeline: "Microsoft\\.BizTalk\\.EdiInt\\.DefaultPipelines\\.AS2Send" Source: "MIME/SMIME encoder" Send Port: "${EXPIRED_PORT.replace(/\./g, '\\.')}" URI: "https://edi\\.northwindtraders\\.com/as2" Reason: The certificate with thumbprint [0-9A-F]{40} in the Other People \\(AddressBook\\) store of the local computer ${result.server} expired on 2026-10-26T12:00:00\\.000Z\\.$`,
      ),
    );
    expect((await eventsOf(result.server!)).items[0]?.text).toBe(result.error);
  });

  it('refuses a Bound port with 409 and creates nothing', async () => {
    const before = await api.call('reader', 'GET', '/api/instances');
    const response = await send(BOUND_PORT);
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ code: 'send-port-not-enlisted', status: 409 });
    expect(response.body.detail).toContain('no subscription');
    expect((await api.call('reader', 'GET', '/api/instances')).body.total).toBe(before.body.total);
  });

  it('suspends a message for a Stopped port with that reason', async () => {
    const result = await sent(STOPPED_PORT);
    expect(result).toMatchObject({ status: 'Suspended (resumable)', server: null, encrypted: false });
    expect(result.error).toContain(`Send port '${STOPPED_PORT}' is stopped`);
  });

  it('suspends a message when no host instance runs, and delivers it once one is started', async () => {
    const db = app.deps.database.db;
    await setHostInstanceState(db, { hostName: 'SecureSendHost', computerName: 'BTS02', state: 'Stopped' });
    let result: TestMessageResult;
    try {
      result = await sent(SECURE_PORT);
    } finally {
      await setHostInstanceState(db, { hostName: 'SecureSendHost', computerName: 'BTS02', state: 'Running' });
    }
    expect(result).toMatchObject({ status: 'Suspended (resumable)', server: null });
    expect(result.error).toBe(
      'No host instance of SecureSendHost is running (BTS02: Stopped). Start one, then resume the instance.',
    );
    const resumed = await api.call('admin', 'POST', `/api/instances/${result.instanceId}/resume`);
    expect(resumed.body).toMatchObject({ status: 'Delivered', server: 'BTS02', encrypted: false });
    expect((await output(result.instanceId)).bytes.equals(ORDER)).toBe(true);
  });

  it('lets administrators and operators send, resume and terminate, and read-only users only look', async () => {
    const suspended = await sent(STOPPED_PORT);
    const anonymous = await send(STOPPED_PORT, { caller: 'anonymous' });
    expect(anonymous.status).toBe(401);
    const reader = await send(STOPPED_PORT, { caller: 'reader' });
    expect(reader.status).toBe(403);
    expect(reader.body.detail).toContain('BizTalk Server Operators');
    for (const operation of ['resume', 'terminate']) {
      const refused = await api.call('reader', 'POST', `/api/instances/${suspended.instanceId}/${operation}`);
      expect(refused.status).toBe(403);
    }
    expect((await instance(suspended.instanceId)).status).toBe('Suspended (resumable)');
    expect((await send(STOPPED_PORT, { caller: 'admin' })).status).toBe(201);
    const token = await api.call('admin-token', 'POST', `/api/instances/${suspended.instanceId}/terminate`);
    expect(token.status).toBe(200);
  });

  it('audits every send, resume and terminate with who did it', async () => {
    const db = app.deps.database.db;
    const suspended = await sent(STOPPED_PORT);
    await api.call('operator', 'POST', `/api/instances/${suspended.instanceId}/resume`);
    await api.call('operator', 'POST', `/api/instances/${suspended.instanceId}/terminate`);
    const entries = await listAuditEntries(db, { target: suspended.instanceId });
    expect(entries.items.map((entry) => [entry.action, entry.username, entry.targetType]).reverse()).toEqual([
      ['message.send', 'operator', 'message-instance'],
      ['message.resume', 'operator', 'message-instance'],
      ['message.terminate', 'operator', 'message-instance'],
    ]);
    expect(entries.items[2]?.after).toMatchObject({
      sendPort: STOPPED_PORT,
      status: 'Suspended (resumable)',
    });
    expect(entries.items[0]?.after).toMatchObject({ status: 'Terminated' });
  });

  it('refuses bad requests clearly and changes nothing', async () => {
    const before = (await api.call('reader', 'GET', '/api/instances')).body.total;
    const empty = await send(MANIFEST_PORT, { message: '' });
    expect(empty.status).toBe(422);
    expect(empty.body.detail).toContain('empty');
    const notProcessing = await send(MANIFEST_PORT, { server: 'ADMIN01' });
    expect(notProcessing.status).toBe(422);
    expect(notProcessing.body.detail).toContain('Choose one of BTS01, BTS02');
    const tooLarge = await send(MANIFEST_PORT, { message: Buffer.alloc(1024 * 1024 + 1, 0x41) });
    expect(tooLarge.status).toBe(413);
    expect((await send('SP.Unknown')).status).toBe(404);
    expect((await api.call('reader', 'GET', '/api/instances')).body.total).toBe(before);

    expect(
      (await api.call('reader', 'GET', '/api/instances/00000000-0000-4000-8000-000000000000')).status,
    ).toBe(404);
    expect((await api.call('reader', 'GET', '/api/instances/not-a-guid')).status).toBe(422);
    expect((await api.call('reader', 'GET', '/api/instances?status=Suspended')).status).toBe(422);
    expect((await api.call('reader', 'GET', '/api/event-log?level=Critical')).status).toBe(422);
    expect((await api.call('reader', 'GET', '/api/event-log?since=yesterday')).status).toBe(422);
  });

  it('accepts a full 1 MB message and keeps its encrypted output', async () => {
    const message = Buffer.alloc(1024 * 1024, 0x42);
    const result = await sent(ARCHIVE_PORT, { message });
    expect(result).toMatchObject({ status: 'Delivered', encrypted: true });
    expect(decrypt((await output(result.instanceId)).bytes, partner.keyFile).equals(message)).toBe(true);
    const stored = await instance(result.instanceId);
    expect(stored.messageSize).toBe(message.byteLength);
    expect(stored.outputSize).toBeGreaterThan(message.byteLength * 1.3);
  });

  it('filters the event log by computer, level and time, newest first', async () => {
    const since = clock.now().toISOString();
    clock.advance(1000);
    expect((await sent(CONFIRMATION_PORT, { server: 'BTS01' })).status).toBe('Delivered');
    expect((await sent(EXPIRED_PORT, { server: 'BTS01' })).status).toBe('Suspended (resumable)');
    const recent = EventLogEntryListSchema.parse(
      (await api.call('reader', 'GET', `/api/event-log?since=${encodeURIComponent(since)}`)).body,
    );
    expect(recent.items.map((entry) => [entry.computer, entry.eventId])).toEqual([['BTS01', 5754]]);
    const all = EventLogEntryListSchema.parse(
      (await api.call('reader', 'GET', '/api/event-log?limit=1000')).body,
    );
    expect(all.items.map((entry) => entry.at)).toEqual(
      [...all.items.map((entry) => entry.at)].sort().reverse(),
    );
    expect((await api.call('reader', 'GET', '/api/event-log?computer=ADMIN01')).body).toEqual({
      items: [],
      total: 0,
    });
  });

  it('shows the Group Hub: suspended instances per port, and certificate problems per server', async () => {
    const hub = GroupHubSchema.parse((await api.call('reader', 'GET', '/api/group/hub')).body);
    const list = MessageInstanceListSchema.parse(
      (
        await api.call(
          'reader',
          'GET',
          `/api/instances?status=${encodeURIComponent('Suspended (resumable)')}&limit=1000`,
        )
      ).body,
    );
    const expected = new Map<string, number>();
    for (const item of list.items) expected.set(item.sendPort, (expected.get(item.sendPort) ?? 0) + 1);
    expect(Object.fromEntries(hub.suspendedBySendPort.map((row) => [row.sendPort, row.count]))).toEqual(
      Object.fromEntries(expected),
    );
    const problems = Object.fromEntries(hub.certificateProblems.map((row) => [row.sendPort, row]));
    expect(problems[EXPIRED_PORT]?.problems).toEqual([
      { server: 'BTS01', problem: 'expired' },
      { server: 'BTS02', problem: 'expired' },
    ]);
    // The clock has moved on a few seconds since the seed issued it "expiring in 10 days".
    expect(problems['SP.Invoicing.AS2']).toMatchObject({
      application: 'Fabrikam.Invoicing',
      commonName: 'Fabrikam Invoicing Encryption',
      problems: [
        { server: 'BTS01', problem: 'expiring', daysLeft: 9 },
        { server: 'BTS02', problem: 'expiring', daysLeft: 9 },
      ],
    });
    expect(problems[DEMO_AS2_PORT]).toBeUndefined();
    expect(problems[CONFIRMATION_PORT]).toBeUndefined();
  });
});
