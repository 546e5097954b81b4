import { ROLES, type SendPort } from '@bts-console/domain';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { NotificationsProvider } from '../../../components/notify';
import { formatDateTime } from '../../../lib/certificate-expiry';
import { sendPortQueryOptions } from '../api/get-send-port';
import { SendPortPropertiesDialog, type ScheduleAssignment } from './send-port-properties-dialog';

const PORT_NAME = 'SP.Orders.AS2';
const OLD = 'A1B2C3D4E5F60718293A4B5C6D7E8F9012345678';
const SUCCESSOR = '0F1E2D3C4B5A69788796A5B4C3D2E1F001234567';
const NOT_BEFORE = '2026-12-10T09:00:00.000Z';

const PORT: SendPort = {
  name: PORT_NAME,
  application: 'Contoso.Orders',
  status: 'Started',
  kind: 'Static One-way',
  transportType: 'HTTP',
  uri: 'https://partner.example/as2',
  sendHandler: 'BizTalkServerApplication',
  certificate: {
    thumbprint: OLD,
    commonName: 'Old Partner',
    notAfter: '2026-12-12T00:00:00.000Z',
    health: 'expiring',
  },
  description: null,
  sendPipeline: null,
  receivePipeline: null,
  filter: null,
  transportOptions: {},
  backupTransport: null,
  outboundMaps: [],
  tracking: {},
  processingServers: [{ name: 'BTS01', hostInstanceState: 'Running', certificatePresent: true }],
  version: 3,
  changedBy: null,
  changedAt: null,
};

/** The API's §3 d refusal, as the server words it, unless the request acknowledges the date. */
function notYetValidRefusal() {
  return new Response(
    JSON.stringify({
      type: 'about:blank',
      title: 'Unprocessable Content',
      status: 422,
      code: 'certificate-not-yet-valid',
      detail: `The certificate is not valid until ${NOT_BEFORE}.`,
      notBefore: NOT_BEFORE,
    }),
    { status: 422, headers: { 'content-type': 'application/problem+json' } },
  );
}

let host: HTMLDivElement;
let root: Root;
let puts: Record<string, unknown>[];
let scheduled: Parameters<ScheduleAssignment>[0][];
let closed: number;

function render() {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  queryClient.setQueryData(['session'], {
    user: 'admin',
    roles: [ROLES.administrators],
    expiryWarningDays: [30, 14, 7],
  });
  queryClient.setQueryData(sendPortQueryOptions(PORT_NAME).queryKey, { port: PORT, etag: '"3"' });
  root.render(
    <FluentProvider theme={webLightTheme}>
      <QueryClientProvider client={queryClient}>
        <NotificationsProvider>
          <SendPortPropertiesDialog
            name={PORT_NAME}
            page="certificate"
            onPageChange={() => undefined}
            onClose={() => (closed += 1)}
            localComputer="ADMIN01"
            renderSelectCertificate={() => null}
            renderPresencePanel={() => null}
            scheduleAssignment={async (request) => {
              scheduled.push(request);
            }}
          />
        </NotificationsProvider>
      </QueryClientProvider>
    </FluentProvider>,
  );
}

const confirmation = () => page.getByRole('alertdialog');
const DATE = formatDateTime(NOT_BEFORE);

async function typeSuccessor() {
  const thumbprint = page.getByRole('textbox', { name: 'Thumbprint' });
  await thumbprint.fill(SUCCESSOR);
}

beforeEach(() => {
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
  puts = [];
  scheduled = [];
  closed = 0;
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    if (init.method !== 'PUT') throw new Error(`unexpected ${init.method ?? 'GET'} ${url}`);
    const body = JSON.parse(String(init.body)) as Record<string, unknown>;
    puts.push(body);
    if (body.acknowledgeNotYetValid !== true) return notYetValidRefusal();
    const changed = {
      ...PORT,
      certificate: {
        thumbprint: SUCCESSOR,
        commonName: 'New Partner',
        notAfter: null,
        health: 'not-yet-valid',
      },
      version: 4,
      warnings: [],
    };
    return new Response(JSON.stringify(changed), {
      status: 200,
      headers: { 'content-type': 'application/json', ETag: '"4"' },
    });
  });
});

afterEach(() => {
  root.unmount();
  host.remove();
  vi.unstubAllGlobals();
});

describe('a certificate that is not valid yet, on the Certificate page', () => {
  it('OK asks first, naming the date and the suspended messages; Cancel has the focus and Enter cancels', async () => {
    render();
    await typeSuccessor();
    await page.getByRole('button', { name: 'OK' }).click();
    await expect.element(confirmation()).toBeVisible();
    await expect.element(confirmation()).toHaveTextContent(`not valid until ${DATE}`);
    await expect
      .element(confirmation())
      .toHaveTextContent(`every message sent through it before ${DATE} is suspended`);
    await expect.element(page.getByRole('button', { name: 'Cancel' }).last()).toHaveFocus();
    await expect.element(page.getByRole('button', { name: `Schedule for ${DATE}` })).toBeEnabled();

    await userEvent.keyboard('{Enter}');
    await expect.element(confirmation()).not.toBeInTheDocument();
    expect(puts).toEqual([{ thumbprint: SUCCESSOR }]);
    expect(closed).toBe(0);
  });

  it('Apply asks the same, and Assign anyway sends the acknowledgement', async () => {
    render();
    await typeSuccessor();
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.element(confirmation()).toHaveTextContent(`not valid until ${DATE}`);
    await expect
      .element(confirmation())
      .toHaveTextContent(`every message sent through it before ${DATE} is suspended`);

    await page.getByRole('button', { name: 'Assign anyway' }).click();
    await expect.element(confirmation()).not.toBeInTheDocument();
    await vi.waitFor(() => expect(puts).toHaveLength(2));
    expect(puts[1]).toEqual({ thumbprint: SUCCESSOR, acknowledgeNotYetValid: true });
    // Apply keeps the dialog open.
    expect(closed).toBe(0);
  });

  it('Schedule for the date schedules the change of this port for the Not Before, and OK then closes', async () => {
    render();
    await typeSuccessor();
    await page.getByRole('button', { name: 'OK' }).click();
    await page.getByRole('button', { name: `Schedule for ${DATE}` }).click();
    await vi.waitFor(() => expect(closed).toBe(1));
    expect(scheduled).toEqual([{ port: PORT_NAME, etag: '"3"', from: OLD, to: SUCCESSOR, at: NOT_BEFORE }]);
    expect(puts).toHaveLength(1);
  });
});
