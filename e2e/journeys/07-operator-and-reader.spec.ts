import type { APIRequestContext, Page } from '@playwright/test';
import {
  ORDERS_APP,
  ORDERS_AS2_PORT,
  SHIPPING_APP,
  expect,
  getSendPort,
  openCertificatePage,
  openSendPortsByMouse,
  portRow,
  signIn,
  test,
} from '../support/fixtures';

// Operators run ports but never change configuration; read-only users only look (DESIGN §1).
const STARTABLE_PORT = 'SP.Shipping.Alerts.SMTP';

async function expectCertificateControlsDisabled(page: Page): Promise<void> {
  const dialog = await openCertificatePage(page, ORDERS_APP, ORDERS_AS2_PORT);
  await expect(dialog.getByRole('textbox', { name: 'Thumbprint' })).not.toBeEditable();
  await expect(dialog.getByRole('button', { name: 'Browse...' })).toBeDisabled();
  await expect(dialog.getByRole('button', { name: 'Remove certificate' })).toBeDisabled();
  await expect(dialog.getByText(/BizTalk Server Administrators/).first()).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
}

async function openPortMenu(page: Page, port: string): Promise<void> {
  const grid = await openSendPortsByMouse(page, SHIPPING_APP);
  await portRow(grid, port).getByText(port, { exact: true }).click({ button: 'right' });
  await expect(page.getByRole('menu')).toBeVisible();
}

/** Leaves the port enlisted and stopped, where Start is the next step. */
async function stopPort(api: APIRequestContext, port: string): Promise<void> {
  const url = `/api/send-ports/${encodeURIComponent(port)}`;
  const current = await getSendPort(api, port);
  if (current.status === 'Started') expect((await api.post(`${url}/stop`)).ok()).toBe(true);
  if (current.status === 'Bound') expect((await api.post(`${url}/enlist`)).ok()).toBe(true);
  expect((await getSendPort(api, port)).status).toBe('Stopped');
}

test.beforeEach(async ({ adminApi }) => {
  await stopPort(adminApi, STARTABLE_PORT);
});

test('an operator sees the certificate controls disabled with the reason, and starts and stops a port', async ({
  page,
  adminApi,
}) => {
  await signIn(page, 'operator');
  await expect(page.getByText('BizTalk Server Operators').first()).toBeVisible();
  await expectCertificateControlsDisabled(page);

  await openPortMenu(page, STARTABLE_PORT);
  await page.getByRole('menuitem', { name: 'Start' }).click();
  const grid = page.getByRole('grid', { name: 'Send Ports' });
  await expect(portRow(grid, STARTABLE_PORT)).toContainText('Started');
  expect((await getSendPort(adminApi, STARTABLE_PORT)).status).toBe('Started');

  await portRow(grid, STARTABLE_PORT).getByText(STARTABLE_PORT, { exact: true }).click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'Stop' }).click();
  await expect(portRow(grid, STARTABLE_PORT)).toContainText('Stopped');
  expect((await getSendPort(adminApi, STARTABLE_PORT)).status).toBe('Stopped');
});

test('a read-only user sees the certificate controls disabled and cannot start a port', async ({
  page,
  adminApi,
}) => {
  await signIn(page, 'reader');
  await expect(page.getByText('BizTalk Server Read Only Users').first()).toBeVisible();
  await expectCertificateControlsDisabled(page);

  await openPortMenu(page, STARTABLE_PORT);
  const start = page.getByRole('menuitem', { name: 'Start' });
  await expect(start).toBeDisabled();
  await page.keyboard.press('Escape');
  expect((await getSendPort(adminApi, STARTABLE_PORT)).status).toBe('Stopped');
});
