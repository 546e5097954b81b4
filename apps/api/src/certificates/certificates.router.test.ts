import { DEMO_CERTIFICATES, demoPartnerCertificatePath } from '@bts-console/db';
import {
  CertificateDetailSchema,
  formatThumbprintColons,
  formatThumbprintDisplay,
} from '@bts-console/domain';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, type ApiClient } from '../test-support/port-test-client';
import { startTestApp, TEST_DIALECTS, type TestApp } from '../test-support/test-app';

/** What openssl reads from a PEM file: the outside oracle for the fields. */
function openssl(pemPath: string, field: string): string {
  const line = execFileSync('openssl', ['x509', '-in', pemPath, '-noout', field]).toString().trim();
  return line.slice(line.indexOf('=') + 1);
}

describe.each(TEST_DIALECTS)('GET /api/certificates/{thumbprint} (%s)', (dialect) => {
  let app: TestApp;
  let api: ApiClient;

  beforeAll(async () => {
    app = await startTestApp({ dialect });
    api = apiClient(app);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('shows the fields as openssl reads them, presence on each computer and the ports that use it', async () => {
    const pemPath = demoPartnerCertificatePath(app.deps.config.dataDir, 'missingOnBts02');
    const thumbprint = openssl(pemPath, '-fingerprint').replace(/:/g, '');
    const response = await api.call('reader', 'GET', `/api/certificates/${thumbprint}`);
    expect(response.status).toBe(200);
    const detail = CertificateDetailSchema.parse(response.body);
    expect(detail).toMatchObject({
      thumbprint,
      subjectCommonName: DEMO_CERTIFICATES.missingOnBts02.commonName,
      issuerCommonName: 'Partner Demo CA',
      serialNumber: openssl(pemPath, '-serial'),
      notAfter: new Date(openssl(pemPath, '-enddate')).toISOString(),
    });
    expect(detail.presence).toEqual([
      {
        computer: 'ADMIN01',
        role: 'Console',
        present: true,
        friendlyName: DEMO_CERTIFICATES.missingOnBts02.friendlyName,
      },
      {
        computer: 'BTS01',
        role: 'BizTalk Server',
        present: true,
        friendlyName: DEMO_CERTIFICATES.missingOnBts02.friendlyName,
      },
      { computer: 'BTS02', role: 'BizTalk Server', present: false, friendlyName: null },
    ]);
  });

  it('lists the send ports that use a certificate', async () => {
    const pemPath = demoPartnerCertificatePath(app.deps.config.dataDir, 'validEverywhere');
    const thumbprint = openssl(pemPath, '-fingerprint').replace(/:/g, '');
    const detail = (
      await api.call('reader', 'GET', `/api/certificates/${formatThumbprintColons(thumbprint).toLowerCase()}`)
    ).body;
    expect(detail.thumbprint).toBe(thumbprint);
    expect(detail.sendPorts).toContainEqual({ name: 'SP.Orders.AS2', application: 'Contoso.Orders' });
    expect(detail.presence.every((entry: { present: boolean }) => entry.present)).toBe(true);
  });

  it('answers 404 for a certificate the group does not know and 422 for a malformed thumbprint', async () => {
    const unknown = await api.call(
      'reader',
      'GET',
      `/api/certificates/${encodeURIComponent(formatThumbprintDisplay('A'.repeat(40)))}`,
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.detail).toContain('AAAA AAAA');
    const malformed = await api.call('reader', 'GET', '/api/certificates/xyz');
    expect(malformed.status).toBe(422);
    expect(malformed.body).toMatchObject({
      code: 'invalid-thumbprint',
      errors: [{ path: 'thumbprint', code: 'invalid-character' }],
    });
  });
});
