import { createApplication, createSendPort, DEMO_APPLICATIONS } from '@bts-console/db';
import { SEND_PORT_PAGE_LIMIT, SendPortListSchema, type SendPortList } from '@bts-console/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_DIALECTS, TEST_START_TIME, type TestApp } from '../test-support/test-app';
import { apiClient, type ApiClient } from '../test-support/port-test-client';

const APPLICATION = 'Paging.Orders';
const PORTS = 25;
const STATUSES = ['Started', 'Stopped', 'Bound'] as const;

function listPath(application: string, query: Record<string, string> = {}): string {
  const search = new URLSearchParams(query).toString();
  return `/api/applications/${encodeURIComponent(application)}/send-ports${search ? `?${search}` : ''}`;
}

describe.each(TEST_DIALECTS)('the send-port list in pages (%s)', (dialect) => {
  let app: TestApp;
  let api: ApiClient;

  async function list(application: string, query: Record<string, string> = {}): Promise<SendPortList> {
    const response = await api.call('reader', 'GET', listPath(application, query));
    expect(response.status).toBe(200);
    return SendPortListSchema.parse(response.body);
  }

  beforeAll(async () => {
    app = await startTestApp({ dialect });
    api = apiClient(app);
    const db = app.deps.database.db;
    const application = await createApplication(db, {
      name: APPLICATION,
      createdAt: new Date(TEST_START_TIME),
    });
    // Written out of order, so that an order by name is the server's doing, and numbered without padding,
    // so that SP.Page.2 coming before SP.Page.10 shows the console's numeric order.
    for (const index of [...Array(PORTS).keys()].reverse()) {
      await createSendPort(db, {
        name: `SP.Page.${index + 1}`,
        applicationId: application.id,
        kind: 'Static One-way',
        status: STATUSES[index % STATUSES.length],
        transportType: index % 2 === 0 ? 'HTTP' : 'FILE',
        uri: `https://partner-${PORTS - index}.example/inbound`,
        sendHandlerHostId: null,
        sendPipeline: 'Microsoft.BizTalk.DefaultPipelines.PassThruTransmit',
        changedBy: 'setup',
        changedAt: new Date(TEST_START_TIME),
      });
    }
  });
  afterAll(async () => {
    await app?.close();
  });

  it('answers every port without limit, in the numeric order of their names, with the total', async () => {
    const whole = await list(APPLICATION);
    expect(whole.total).toBe(PORTS);
    expect(whole.items.map((port) => port.name)).toEqual(
      Array.from({ length: PORTS }, (_, index) => `SP.Page.${index + 1}`),
    );
  });

  it('reads the same list page by page to its end, each page saying the total', async () => {
    const whole = await list(APPLICATION);
    const pages: SendPortList[] = [];
    for (let offset = 0; offset < PORTS; offset += 10)
      pages.push(await list(APPLICATION, { limit: '10', offset: String(offset) }));
    expect(pages.map((page) => page.items.length)).toEqual([10, 10, 5]);
    expect(pages.every((page) => page.total === PORTS)).toBe(true);
    expect(pages.flatMap((page) => page.items)).toEqual(whole.items);
    const beyond = await list(APPLICATION, { limit: '10', offset: String(PORTS) });
    expect(beyond).toEqual({ items: [], total: PORTS });
  });

  it('orders by a column either way, ties by name, the same on every page', async () => {
    const byStatus = await list(APPLICATION, { sort: 'status', order: 'desc' });
    const statuses = byStatus.items.map((port) => port.status);
    expect(statuses).toEqual([
      ...statuses.filter((status) => status === 'Bound'),
      ...statuses.filter((status) => status === 'Stopped'),
      ...statuses.filter((status) => status === 'Started'),
    ]);
    const bound = byStatus.items.filter((port) => port.status === 'Bound').map((port) => port.name);
    expect(bound).toEqual([
      'SP.Page.3',
      'SP.Page.6',
      'SP.Page.9',
      'SP.Page.12',
      'SP.Page.15',
      'SP.Page.18',
      'SP.Page.21',
      'SP.Page.24',
    ]);
    const paged = [
      ...(await list(APPLICATION, { sort: 'status', order: 'desc', limit: '7' })).items,
      ...(await list(APPLICATION, { sort: 'status', order: 'desc', limit: '7', offset: '7' })).items,
      ...(await list(APPLICATION, { sort: 'status', order: 'desc', limit: '20', offset: '14' })).items,
    ];
    expect(paged).toEqual(byStatus.items);

    const byUri = await list(APPLICATION, { sort: 'uri' });
    expect(byUri.items[0]?.uri).toBe('https://partner-1.example/inbound');
    expect(byUri.items[PORTS - 1]?.uri).toBe(`https://partner-${PORTS}.example/inbound`);
    const byNameDescending = await list(APPLICATION, { order: 'desc', limit: '2' });
    expect(byNameDescending.items.map((port) => port.name)).toEqual(['SP.Page.25', 'SP.Page.24']);
  });

  it('orders by certificate health, then common name, with ports without one last', async () => {
    const byCertificate = await list(DEMO_APPLICATIONS.shipping, { sort: 'certificate' });
    const healths = byCertificate.items.map((port) => port.certificate?.health ?? 'none');
    expect(healths[0]).toBe('expired');
    expect(healths.indexOf('none')).toBeGreaterThan(0);
    expect(healths.slice(healths.indexOf('none')).every((health) => health === 'none')).toBe(true);
  });

  it('filters before paging: total counts the matches, and the filter finds a health', async () => {
    const file = await list(APPLICATION, { q: 'file', limit: '5' });
    expect(file.total).toBe(12);
    expect(file.items).toHaveLength(5);
    expect(file.items.every((port) => port.transportType === 'FILE')).toBe(true);
    const expired = await list(DEMO_APPLICATIONS.shipping, { q: 'EXPIRED' });
    expect(expired.items.map((port) => port.name)).toContain('SP.Shipping.AS2');
    expect(expired.items.every((port) => port.certificate?.health === 'expired')).toBe(true);
  });

  it('shows a change made since the last page was read: the list is kept only while nothing changes', async () => {
    const before = await list(APPLICATION, { q: 'SP.Page.1', limit: '1' });
    expect(before.items[0]).toMatchObject({ name: 'SP.Page.1', status: 'Started' });
    const stopped = await api.call('operator', 'POST', `/api/send-ports/SP.Page.1/stop`);
    expect(stopped.status).toBe(200);
    const after = await list(APPLICATION, { q: 'SP.Page.1', limit: '1' });
    expect(after.items[0]).toMatchObject({ name: 'SP.Page.1', status: 'Stopped' });
    const started = await api.call('operator', 'POST', `/api/send-ports/SP.Page.1/start`);
    expect(started.status).toBe(200);
  });

  it('refuses a page larger than the largest, an unknown order and a negative offset, with the field named', async () => {
    for (const [query, field] of [
      [{ limit: String(SEND_PORT_PAGE_LIMIT + 1) }, 'limit'],
      [{ limit: '0' }, 'limit'],
      [{ sort: 'kind' }, 'sort'],
      [{ order: 'up' }, 'order'],
      [{ offset: '-1' }, 'offset'],
    ] as const) {
      const response = await api.call('reader', 'GET', listPath(APPLICATION, query));
      expect(response.status, JSON.stringify(query)).toBe(422);
      expect(response.body.errors.map((error: { path: string }) => error.path)).toContain(field);
    }
  });
});
