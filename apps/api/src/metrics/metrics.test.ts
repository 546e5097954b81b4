import { demoPartnerCertificatePath } from '@bts-console/db';
import { execFileSync } from 'node:child_process';
import parsePrometheusTextFormat, { type MetricFamily } from 'parse-prometheus-text-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, portPath, type ApiClient } from '../test-support/port-test-client';
import { startTestApp, TEST_DIALECTS, type TestApp } from '../test-support/test-app';

/** Started, handled by BizTalkServerApplication: processed on BTS01 and BTS02. */
const PORT = 'SP.Shipping.Tracking.WCF';
const METRICS_TOKEN = 'metrics-token-for-the-monitoring-test-0123456789';

function opensslThumbprint(pemPath: string): string {
  const line = execFileSync('openssl', [
    'x509',
    '-in',
    pemPath,
    '-noout',
    '-fingerprint',
    '-sha1',
  ]).toString();
  return line.replace(/^.*=/, '').replace(/[:\s]/g, '').toUpperCase();
}

describe.each(TEST_DIALECTS)('GET /metrics (%s)', (dialect) => {
  let app: TestApp;
  let api: ApiClient;
  let tailspin: string;

  const scrape = (headers: Record<string, string> = {}) => fetch(`${app.baseUrl}/metrics`, { headers });
  const samples = (families: MetricFamily[], name: string) => {
    const family = families.find((entry) => entry.name === name);
    expect(family, name).toBeDefined();
    return family!.metrics.map((metric) => ({ labels: metric.labels ?? {}, value: Number(metric.value) }));
  };

  beforeAll(async () => {
    app = await startTestApp({ dialect, config: { metricsToken: METRICS_TOKEN } });
    api = apiClient(app);
    // Tailspin's certificate is not on BTS02: the port uses it anyway, and a message sent there is suspended.
    tailspin = opensslThumbprint(demoPartnerCertificatePath(app.deps.config.dataDir, 'missingOnBts02'));
    const port = await api.call('admin', 'GET', portPath(PORT));
    const assigned = await api.call('admin', 'PUT', portPath(PORT, '/certificate'), {
      json: { thumbprint: tailspin, acknowledgeMissingOn: ['BTS02'] },
      headers: { 'if-match': port.headers.get('etag') ?? '' },
    });
    expect(assigned.status).toBe(200);
    const sent = await api.call('operator', 'POST', portPath(PORT, '/test-message?server=BTS02'), {
      bytes: '<Tracking/>',
      headers: { 'content-type': 'application/xml' },
    });
    expect(sent.body.status).toBe('Suspended (resumable)');
  });
  afterAll(async () => {
    await app?.close();
  });

  it('refuses anonymous callers and unknown tokens with 401', async () => {
    for (const headers of [
      {} as Record<string, string>,
      { authorization: 'Bearer not-a-token' },
      { authorization: `Bearer ${METRICS_TOKEN}x` },
    ]) {
      const response = await scrape(headers);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      expect(await response.json()).toMatchObject({ code: 'unauthenticated' });
    }
  });

  it('serves any signed-in role’s token, a session, and the metrics token', async () => {
    const reader = await app.createToken('reader');
    const operator = await app.signIn('operator');
    for (const headers of [
      { authorization: `Bearer ${reader}` } as Record<string, string>,
      { cookie: operator.cookie },
      { authorization: `Bearer ${METRICS_TOKEN}` },
    ]) {
      const response = await scrape(headers);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    }
  });

  it('gives each metric the value the API gives', async () => {
    const response = await scrape({ authorization: `Bearer ${METRICS_TOKEN}` });
    const families = parsePrometheusTextFormat(await response.text());

    const notAfter = samples(families, 'bts_certificate_not_after_seconds');
    expect(notAfter.map((sample) => sample.labels.thumbprint)).toContain(tailspin);
    const missingByThumbprint = new Map<string, string[]>();
    for (const sample of notAfter) {
      const detail = await api.call('reader', 'GET', `/api/certificates/${sample.labels.thumbprint}`);
      expect(sample.value).toBe(Date.parse(detail.body.notAfter) / 1000);
      expect(sample.labels.common_name).toBe(detail.body.subjectCommonName);
      expect(detail.body.sendPorts.length).toBeGreaterThan(0);
      missingByThumbprint.set(sample.labels.thumbprint!, detail.body.missingOnServers);
    }

    const missing = samples(families, 'bts_certificate_missing_on_server');
    const fromMetrics = new Map<string, string[]>();
    for (const sample of missing) {
      expect(sample.value).toBe(1);
      fromMetrics.set(
        sample.labels.thumbprint!,
        [...(fromMetrics.get(sample.labels.thumbprint!) ?? []), sample.labels.server!].sort(),
      );
    }
    for (const [thumbprint, servers] of missingByThumbprint) {
      expect(fromMetrics.get(thumbprint) ?? [], thumbprint).toEqual(servers);
    }
    expect(fromMetrics.get(tailspin)).toEqual(['BTS02']);

    const health = samples(families, 'bts_send_port_certificate_health');
    expect(health.length).toBeGreaterThan(3);
    for (const sample of health) {
      const view = await api.call('reader', 'GET', portPath(sample.labels.send_port!));
      expect(sample.value).toBe(1);
      expect(sample.labels.application).toBe(view.body.application);
      expect(sample.labels.health, sample.labels.send_port).toBe(view.body.certificate.health);
    }
    expect(health.find((sample) => sample.labels.send_port === PORT)?.labels.health).toBe(
      'missing-on-servers',
    );

    const suspended = samples(families, 'bts_suspended_instances');
    expect(suspended.find((sample) => sample.labels.send_port === PORT)?.value).toBe(1);
    for (const sample of suspended) {
      const instances = await api.call(
        'reader',
        'GET',
        `/api/instances?status=${encodeURIComponent('Suspended (resumable)')}&sendPort=${encodeURIComponent(sample.labels.send_port!)}`,
      );
      expect(sample.value).toBe(instances.body.total);
    }

    // The process and HTTP request metrics are there too.
    expect(samples(families, 'process_cpu_user_seconds_total')[0]!.value).toBeGreaterThan(0);
    const requests = samples(families, 'http_requests_total');
    expect(
      requests.some((sample) => sample.labels.route === '/api/send-ports' && sample.labels.method === 'GET'),
    ).toBe(true);
  });
});
