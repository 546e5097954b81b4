import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GROUP_NAME,
  assignCertificate,
  clearCertificate,
  getSendPort,
  openImportBindings,
  keepScreenshot,
  publishScreenshot,
  SHIPPING_APP,
  apiAs,
  expandTreeItem,
  expect,
  signIn,
  test,
  treeItem,
} from '../support/fixtures';

// The tree's context menus, as in the BizTalk console: an application's Start, Stop, Export and Import
// Bindings and Refresh, by right-click, Shift+F10 or the Menu key, and the same in the actions pane.

type PortRow = { name: string; status: string };

async function portStatuses(serverUrl: string, application: string): Promise<string[]> {
  const api = await apiAs(serverUrl, 'reader');
  try {
    const response = await api.get(`/api/applications/${encodeURIComponent(application)}/send-ports`);
    expect(response.ok()).toBe(true);
    return ((await response.json()) as { items: PortRow[] }).items.map((port) => port.status);
  } finally {
    await api.dispose();
  }
}

test('an operator starts and stops an application from its context menu and the actions pane', async ({
  page,
  server,
}) => {
  await signIn(page, 'operator');
  await expandTreeItem(page, GROUP_NAME);
  await expandTreeItem(page, 'Applications');
  const application = treeItem(page, SHIPPING_APP);

  // Right-click: the application's menu, in the BizTalk console's order.
  await application.getByText(SHIPPING_APP, { exact: true }).click({ button: 'right' });
  const menu = page.getByRole('menu', { name: `Actions for ${SHIPPING_APP}` });
  await expect(menu.getByRole('menuitem')).toHaveText([
    'Start',
    'Stop',
    'Export → Bindings...',
    'Import → Bindings...',
    'Refresh',
  ]);
  await menu.getByRole('menuitem', { name: 'Start' }).click();
  await expect(page.getByText(`${SHIPPING_APP} started`).first()).toBeVisible();
  await expect
    .poll(() => portStatuses(server.url, SHIPPING_APP))
    .toEqual(expect.arrayContaining(['Started']));
  expect((await portStatuses(server.url, SHIPPING_APP)).every((status) => status === 'Started')).toBe(true);

  // Shift+F10 on the focused node opens the same menu; Escape gives the focus back to the node.
  await application.focus();
  await page.keyboard.press('Shift+F10');
  await expect(menu).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();
  await expect(application).toBeFocused();
  // And the Menu key.
  await page.keyboard.press('ContextMenu');
  await expect(menu).toBeVisible();
  await page.keyboard.press('Escape');

  // The actions pane of the application's node: the same actions.
  const actions = page.getByRole('complementary', { name: 'Actions' });
  await actions.getByRole('button', { name: 'Stop' }).click();
  await expect(page.getByText(`${SHIPPING_APP} stopped`).first()).toBeVisible();
  await expect
    .poll(async () => (await portStatuses(server.url, SHIPPING_APP)).includes('Started'))
    .toBe(false);

  // Importing bindings needs an administrator: the item says so.
  await application.getByText(SHIPPING_APP, { exact: true }).click({ button: 'right' });
  const importItem = menu.getByRole('menuitem', { name: 'Import → Bindings...' });
  await expect(importItem).toBeDisabled();
  await expect(importItem).toHaveAccessibleDescription(/BizTalk Server Administrators/);
  await page.keyboard.press('Escape');
});

test('a read-only user exports an application’s bindings from its context menu', async ({ page }) => {
  await signIn(page, 'reader');
  await expandTreeItem(page, GROUP_NAME);
  await expandTreeItem(page, 'Applications');
  await treeItem(page, SHIPPING_APP).getByText(SHIPPING_APP, { exact: true }).click({ button: 'right' });
  const menu = page.getByRole('menu', { name: `Actions for ${SHIPPING_APP}` });
  await expect(menu.getByRole('menuitem', { name: 'Start' })).toBeDisabled();
  await expect(menu.getByRole('menuitem', { name: 'Start' })).toHaveAccessibleDescription(
    /Requires the BizTalk Server Operators/,
  );
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    menu.getByRole('menuitem', { name: 'Export → Bindings...' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`${SHIPPING_APP}.BindingInfo.xml`);
  const path = await download.path();
  const { readFileSync } = await import('node:fs');
  const xml = readFileSync(path, 'utf8');
  expect(xml).toContain('<BindingInfo');
  expect(xml).toContain('<SendPortCollection');
});

test('the group and a Send Ports folder have Refresh in their context menus', async ({ page }) => {
  await signIn(page, 'admin');
  await expandTreeItem(page, GROUP_NAME);
  await treeItem(page, GROUP_NAME).getByText(GROUP_NAME, { exact: true }).first().click({ button: 'right' });
  const groupMenu = page.getByRole('menu', { name: `Actions for ${GROUP_NAME}` });
  await expect(groupMenu.getByRole('menuitem')).toHaveText(['Refresh']);
  await page.keyboard.press('Escape');
  // The group's actions pane has it too, and it reads the Group Hub again.
  await treeItem(page, GROUP_NAME).getByText(GROUP_NAME, { exact: true }).first().click();
  const groupActions = page.getByRole('complementary', { name: 'Actions' });
  await expect(groupActions.getByRole('button')).toHaveText(['Audit log', 'Refresh']);
  const [hub] = await Promise.all([
    page.waitForResponse((response) => response.url().includes('/api/group') && response.ok()),
    groupActions.getByRole('button', { name: 'Refresh' }).click(),
  ]);
  expect(hub.ok()).toBe(true);

  await expandTreeItem(page, 'Applications');
  await expandTreeItem(page, SHIPPING_APP);
  const sendPorts = treeItem(page, SHIPPING_APP).getByRole('treeitem', { name: 'Send Ports', exact: true });
  await sendPorts.click({ button: 'right' });
  const menu = page.getByRole('menu', { name: 'Actions for Send Ports' });
  await expect(menu.getByRole('menuitem')).toHaveText(['Refresh']);
  const [refreshed] = await Promise.all([
    page.waitForResponse((response) => response.url().includes('/send-ports') && response.ok()),
    menu.getByRole('menuitem', { name: 'Refresh' }).click(),
  ]);
  expect(refreshed.ok()).toBe(true);
});

test('a suspended instance row has Resume and Terminate in its context menu', async ({ page, adminApi }) => {
  // A Stopped port suspends what is sent to it.
  const port = 'SP.Orders.Notify.SMTP';
  const stopped = await adminApi.get(`/api/send-ports/${port}`);
  expect(((await stopped.json()) as PortRow).status).toBe('Stopped');
  const sent = await adminApi.post(`/api/send-ports/${port}/test-message`, {
    data: '<Order xmlns="http://contoso.com/orders"/>',
    headers: { 'content-type': 'application/xml' },
  });
  expect(sent.status(), await sent.text()).toBe(201);

  await signIn(page, 'operator');
  await page.goto(`/group/suspended-instances?sendPort=${port}`);
  const grid = page.getByRole('grid', { name: /Suspended/ });
  const row = grid.getByRole('row').filter({ hasText: port }).first();
  await row.click({ button: 'right' });
  const menu = page.getByRole('menu');
  await expect(menu.getByRole('menuitem')).toHaveText(['Resume', 'Terminate']);
  await page.keyboard.press('Escape');
  await row.focus();
  await page.keyboard.press('Shift+F10');
  await expect(menu).toBeVisible();
  await menu.getByRole('menuitem', { name: 'Terminate' }).click();
  const confirmation = page.getByRole('alertdialog', { name: 'Terminate instances' });
  await expect(confirmation).toBeVisible();
  await confirmation.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirmation).toBeHidden();
});

test('an administrator imports bindings: the dry run first, and the new report when something changed meanwhile', async ({
  page,
  adminApi,
  demo,
}, testInfo) => {
  const port = 'SP.Shipping.Manifest.FILE';
  await clearCertificate(adminApi, port);
  const exported = await adminApi.get(`/api/applications/${SHIPPING_APP}/bindings`);
  expect(exported.ok()).toBe(true);
  const file = join(mkdtempSync(join(tmpdir(), 'bindings-')), `${SHIPPING_APP}.BindingInfo.xml`);
  writeFileSync(file, await exported.text());

  await signIn(page, 'admin');
  const dialog = await openImportBindings(page, SHIPPING_APP);
  await dialog.getByLabel('Binding file').setInputFiles(file);
  const report = dialog.getByRole('table', { name: 'Import report' });
  const row = report.getByRole('row').filter({ hasText: port });
  await expect(row).toContainText('Unchanged');

  // Someone assigns a certificate to the port meanwhile: the file would now remove it.
  await assignCertificate(adminApi, port, demo.validEverywhere.thumbprint);
  await dialog.getByRole('button', { name: 'Import' }).click();
  await expect(dialog.getByText(/Something changed since the report was made/)).toBeVisible();
  await expect(row).toContainText('Applied');
  expect((await getSendPort(adminApi, port)).certificate?.thumbprint).toBe(demo.validEverywhere.thumbprint);
  publishScreenshot(
    await keepScreenshot(page, testInfo, 'bindings-import-report'),
    'bindings-import-report.png',
  );

  // Confirmed on the new report: applied.
  await dialog.getByRole('button', { name: 'Import' }).click();
  await expect(dialog).toBeHidden();
  expect((await getSendPort(adminApi, port)).certificate).toBeNull();
});
