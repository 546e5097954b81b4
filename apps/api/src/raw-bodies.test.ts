import { createCertificate, generateRsaKeyPair } from '@bts-console/x509';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './test-support/test-app';

/**
 * A test message, a certificate file and a binding file are bytes, whatever Content-Type the
 * client sends; the app-wide JSON parser must leave them alone.
 */
describe('routes that take a file or a message as their body', () => {
  let app: TestApp;
  let authorization: Record<string, string>;

  beforeAll(async () => {
    app = await startTestApp();
    authorization = { authorization: `Bearer ${await app.createToken('admin')}` };
  });
  afterAll(() => app?.close());

  it('delivers a JSON test message byte for byte when it is sent as application/json', async () => {
    const message = '{"order": 4711, "note": "not for the JSON parser"}';
    const sent = await fetch(`${app.baseUrl}/api/send-ports/SP.Orders.Confirmation.FILE/test-message`, {
      method: 'POST',
      headers: { ...authorization, 'content-type': 'application/json' },
      body: message,
    });
    expect(sent.status).toBe(201);
    const result = (await sent.json()) as { instanceId: string; status: string; encrypted: boolean };
    expect(result).toMatchObject({ status: 'Delivered', encrypted: false });

    const output = await fetch(`${app.baseUrl}/api/instances/${result.instanceId}/output`, {
      headers: authorization,
    });
    expect(output.status).toBe(200);
    expect(await output.text()).toBe(message);
  });

  it('reads a binding file sent as application/json as XML', async () => {
    const exported = await fetch(`${app.baseUrl}/api/applications/Contoso.Orders/bindings`, {
      headers: authorization,
    });
    expect(exported.status).toBe(200);
    const imported = await fetch(`${app.baseUrl}/api/applications/Contoso.Orders/bindings?dryRun=true`, {
      method: 'POST',
      headers: { ...authorization, 'content-type': 'application/json' },
      body: await exported.text(),
    });
    expect(imported.status).toBe(200);
    const report = (await imported.json()) as {
      created: unknown[];
      updated: unknown[];
      unchanged: unknown[];
    };
    expect(report.created).toEqual([]);
    expect(report.updated).toEqual([]);
    expect(report.unchanged.length).toBeGreaterThan(0);
  });

  it('reads a certificate file sent as application/json as a certificate', async () => {
    const keys = generateRsaKeyPair();
    const { pem, der } = createCertificate({
      subject: { commonName: 'Raw Body Partner' },
      publicKey: keys.publicKey,
      signingKey: keys.privateKey,
      notBefore: new Date('2026-01-01T00:00:00Z'),
      notAfter: new Date('2028-01-01T00:00:00Z'),
    });
    const imported = await fetch(`${app.baseUrl}/api/computers/BTS01/stores/other-people/certificates`, {
      method: 'POST',
      headers: { ...authorization, 'content-type': 'application/json' },
      body: pem,
    });
    expect(imported.status).toBe(201);
    const certificate = (await imported.json()) as { thumbprint: string; subjectCommonName: string };
    expect(certificate.subjectCommonName).toBe('Raw Body Partner');
    expect(certificate.thumbprint).toBe(createHash('sha1').update(der).digest('hex').toUpperCase());
  });
});
