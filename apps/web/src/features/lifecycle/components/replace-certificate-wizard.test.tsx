import type { ReplacementPort, ReplacementResult, ScheduledReplacement } from '@bts-console/domain';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { page } from 'vitest/browser';
import { formatDateTime } from '../../../lib/certificate-expiry';
import { ReplaceCertificateWizard, type StoreAccess } from './replace-certificate-wizard';

const OLD = 'A1B2C3D4E5F60718293A4B5C6D7E8F9012345678';
const NEW = '0F1E2D3C4B5A69788796A5B4C3D2E1F001234567';
const NEXT_WEEK = '2026-12-10T09:00:30.000Z';
/** The schedule's box has minutes: the minute after Not Before. */
const FIRST_VALID_MINUTE = '2026-12-10T09:01:00.000Z';

function port(name: string, application: string, servers: [string, boolean][]): ReplacementPort {
  const missing = servers.filter(([, present]) => !present).map(([server]) => server);
  return {
    name,
    application,
    etag: `"${name}-1"`,
    processingServers: servers.map(([server, successorPresent]) => ({ name: server, successorPresent })),
    outcome: missing.length > 0 ? 'acknowledgement-needed' : 'ready',
    ...(missing.length > 0
      ? {
          reason: {
            code: 'certificate-missing-on-servers',
            message: `The certificate is not in the Other People store of ${missing.join(', ')}.`,
            servers: missing,
          },
        }
      : {}),
    warnings: [],
    acknowledgedMissingOn: [],
  };
}

const PORTS = [
  port('SP.Orders.AS2', 'Contoso.Orders', [
    ['BTS01', true],
    ['BTS02', false],
  ]),
  port('SP.Orders.FTP', 'Contoso.Orders', [['BTS01', true]]),
  port('SP.Invoicing.AS2', 'Fabrikam.Invoicing', [['BTS01', true]]),
];

function previewOf(notBefore: string | null = '2026-11-01T00:00:00.000Z'): ReplacementResult {
  const notYetValid = notBefore === NEXT_WEEK;
  return {
    from: {
      thumbprint: OLD,
      commonName: 'Partner 2026',
      notBefore: null,
      notAfter: '2026-12-05T00:00:00.000Z',
    },
    to: { thumbprint: NEW, commonName: 'Partner 2027', notBefore, notAfter: '2027-12-01T00:00:00.000Z' },
    dryRun: true,
    applied: false,
    batchId: null,
    ports: notYetValid
      ? PORTS.map((entry) => ({
          ...entry,
          warnings: [{ code: 'certificate-not-yet-valid', message: `Not valid until ${NEXT_WEEK}.` }],
        }))
      : PORTS,
    portsEtag: 'W/"ports-1"',
  };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' },
  });

let host: HTMLDivElement;
let root: Root;
let posts: Record<string, unknown>[];
let answer: (body: Record<string, unknown>) => Response;

const stores: StoreAccess = {
  computers: ['ADMIN01', 'BTS01'],
  localComputer: 'ADMIN01',
  storeKey: (computer) => ['stores', computer, 'other-people'],
  loadStore: async (computer) => ({
    items: [
      {
        thumbprint: NEW,
        subject: 'CN=Partner 2027',
        subjectCommonName: 'Partner 2027',
        issuer: 'CN=Partner Demo CA',
        issuerCommonName: 'Partner Demo CA',
        notBefore: '2026-11-01T00:00:00.000Z',
        notAfter: '2027-12-01T00:00:00.000Z',
        friendlyName: computer,
      },
    ],
  }),
  importCertificate: () => Promise.reject(new Error('not in this test')),
};

function render(to: string | null) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  root.render(
    <FluentProvider theme={webLightTheme}>
      <QueryClientProvider client={queryClient}>
        <ReplaceCertificateWizard
          from={OLD}
          fromName="Partner 2026"
          to={to}
          onPickSuccessor={() => undefined}
          onClose={() => undefined}
          stores={stores}
        />
      </QueryClientProvider>
    </FluentProvider>,
  );
}

beforeEach(() => {
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
  posts = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    if (url !== '/api/certificate-replacements' || init.method !== 'POST') {
      throw new Error(`unexpected ${init.method ?? 'GET'} ${url}`);
    }
    const body = JSON.parse(String(init.body)) as Record<string, unknown>;
    posts.push(body);
    return answer(body);
  });
});

afterEach(() => {
  root.unmount();
  host.remove();
  vi.unstubAllGlobals();
});

const dialog = () => page.getByRole('dialog', { name: 'Replace certificate - Partner 2026' });

describe('the Replace certificate wizard', () => {
  it('picks the successor from the stores, previews ports × servers, asks for the missing server, applies them all and offers the binding files', async () => {
    answer = (body) =>
      body.dryRun
        ? json(previewOf())
        : json({
            ...previewOf(),
            dryRun: false,
            applied: true,
            batchId: 'batch-7',
            ports: PORTS.map((entry) => ({ ...entry, outcome: 'ready', newEtag: `"${entry.name}-2"` })),
          });
    render(null);
    await expect.element(dialog()).toHaveTextContent('Step 1 of 4: Successor');
    const candidates = page.getByRole('grid', { name: 'Successor candidates' });
    // The first cell: the row is wider than the dialog, and its middle is scrolled out of sight.
    await candidates.getByRole('gridcell', { name: 'Partner 2027' }).click();
    await expect.element(candidates).toHaveTextContent('ADMIN01, BTS01');
    await page.getByRole('button', { name: 'Next' }).click();

    const preview = page.getByRole('table', { name: 'Preview' });
    await expect.element(preview).toBeVisible();
    // One row per port and processing server, and a header row.
    await expect.poll(() => preview.getByRole('row').all().length).toBe(5);
    // One server lacks the successor: BTS02, for SP.Orders.AS2.
    await expect.element(preview.getByRole('row').filter({ hasText: 'Missing' })).toHaveTextContent('BTS02');
    await expect.element(preview).toHaveTextContent('Acknowledgement needed');
    await expect.element(page.getByRole('button', { name: 'Next' })).toBeDisabled();
    expect(posts).toEqual([{ from: OLD, to: NEW, dryRun: true }]);

    await page.getByRole('checkbox', { name: 'SP.Orders.AS2: go ahead without it on BTS02' }).click();
    await page.getByRole('button', { name: 'Next' }).click();
    await expect.element(dialog()).toHaveTextContent('Step 3 of 4: Apply or schedule');
    await page.getByRole('button', { name: 'Apply' }).click();

    await expect.element(dialog()).toHaveTextContent('Replaced on 3 send ports');
    await expect.element(dialog()).toHaveTextContent('batch-7');
    expect(posts[1]).toEqual({
      from: OLD,
      to: NEW,
      ports: PORTS.map((entry) => ({ name: entry.name, etag: entry.etag })),
      acknowledgeMissingOn: { 'SP.Orders.AS2': ['BTS02'] },
    });
    const result = page.getByRole('table', { name: 'Result' });
    await expect.poll(() => result.getByText('Replaced', { exact: true }).all().length).toBe(3);
    await expect
      .element(page.getByRole('link', { name: 'Contoso.Orders.BindingInfo.xml' }))
      .toHaveAttribute('href', '/api/applications/Contoso.Orders/bindings');
    await expect
      .element(page.getByRole('link', { name: 'Fabrikam.Invoicing.BindingInfo.xml' }))
      .toHaveAttribute('href', '/api/applications/Fabrikam.Invoicing/bindings');
  });

  it('schedules a successor that is not valid yet for the first minute it is valid', async () => {
    const scheduled: ScheduledReplacement = {
      id: 'r1',
      from: previewOf(NEXT_WEEK).from,
      to: previewOf(NEXT_WEEK).to,
      at: NEXT_WEEK,
      status: 'pending',
      ports: PORTS.map((entry) => ({ name: entry.name, etag: entry.etag })),
      onlyListedPorts: false,
      acknowledgeMissingOn: {},
      acknowledgeNotYetValid: false,
      reason: null,
      createdBy: 'admin',
      createdAt: '2026-12-03T09:00:00.000Z',
      finishedAt: null,
      cancelledBy: null,
      batchId: null,
      failure: null,
    };
    answer = (body) => (body.dryRun ? json(previewOf(NEXT_WEEK)) : json(scheduled, 201));
    render(NEW);
    await expect.element(dialog()).toHaveTextContent(`Not valid until ${formatDateTime(NEXT_WEEK)}`);
    await page.getByRole('checkbox', { name: 'SP.Orders.AS2: go ahead without it on BTS02' }).click();
    await page.getByRole('button', { name: 'Next' }).click();
    await expect.element(page.getByRole('radio', { name: 'Schedule for a date and time' })).toBeChecked();
    await page.getByRole('button', { name: 'Schedule' }).click();
    await expect.element(dialog()).toHaveTextContent(`Scheduled for ${formatDateTime(NEXT_WEEK)}`);
    expect(posts[1]).toMatchObject({ from: OLD, to: NEW, at: FIRST_VALID_MINUTE });
    expect(posts[1]).not.toHaveProperty('acknowledgeNotYetValid');
  });

  it('changes nothing when a port changed since the preview, names it, and previews again', async () => {
    answer = (body) =>
      body.dryRun
        ? json(previewOf())
        : json(
            {
              type: 'about:blank',
              title: 'Precondition Failed',
              status: 412,
              code: 'replacement-ports-changed',
              detail: 'A send port changed since the preview; preview again.',
              changedPorts: [{ name: 'SP.Orders.FTP', change: 'changed', etag: '"SP.Orders.FTP-2"' }],
            },
            412,
          );
    render(NEW);
    await page.getByRole('checkbox', { name: 'SP.Orders.AS2: go ahead without it on BTS02' }).click();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.element(dialog()).toHaveTextContent('Nothing was changed');
    await expect.element(dialog()).toHaveTextContent('SP.Orders.FTP: changed');
    await page.getByRole('button', { name: 'Preview again' }).click();
    await expect.element(page.getByRole('table', { name: 'Preview' })).toBeVisible();
    await vi.waitFor(() => expect(posts.filter((post) => post.dryRun)).toHaveLength(2));
  });
});
