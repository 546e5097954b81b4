import type { Page } from '@playwright/test';
import {
  GROUP_NAME,
  consoleTree,
  INVOICING_APP,
  ORDERS_APP,
  ORDERS_AS2_PORT,
  expandTreeItem,
  expect,
  expectAccessible,
  keepScreenshot,
  openCertificatePage,
  openSendPortsByMouse,
  panes,
  paths,
  propertiesDialog,
  signIn,
  test,
  treeItem,
} from '../support/fixtures';

/** Selects a node of the console tree by a click on its label, opening the nodes on the way to it. */
async function selectTreeNode(page: Page, path: string[]): Promise<void> {
  for (const name of path.slice(0, -1)) await expandTreeItem(page, name);
  const parent = path.length > 1 ? treeItem(page, path[path.length - 2] ?? '') : consoleTree(page);
  const name = path[path.length - 1] ?? '';
  await parent.getByRole('treeitem', { name, exact: true }).getByText(name, { exact: true }).first().click();
}

// Each main screen, scanned with axe: no serious or critical violation. Each is kept as a screenshot.
// One walk through the console, so a slow machine pays for one sign-in; each screen reports on its own.
// The sign-in page and the console's first screen are scanned whole; after that, each step scans the
// part of the page it brought up (a dialog, a pane), which the whole-page scans have not seen.
test('the main screens have no serious or critical accessibility violations', async ({ page }, testInfo) => {
  // Six screens and six axe scans: twice the other journeys' guard.
  test.setTimeout(360_000);
  await test.step('sign-in', async () => {
    await page.goto(paths.signIn);
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
    await keepScreenshot(page, testInfo, 'sign-in');
    await expectAccessible(page, testInfo, 'sign-in');
  });

  await test.step('Send Ports list', async () => {
    await signIn(page, 'admin');
    const grid = await openSendPortsByMouse(page, ORDERS_APP);
    await expect(grid.getByText(ORDERS_AS2_PORT, { exact: true })).toBeVisible();
    await keepScreenshot(page, testInfo, 'send-ports');
    await expectAccessible(page, testInfo, 'send-ports');
  });

  await test.step('Send Port Properties, Certificate page', async () => {
    // A port no journey changes, with a certificate that expires soon: the page at its fullest.
    const dialog = await openCertificatePage(page, INVOICING_APP, 'SP.Invoicing.AS2');
    await expect(dialog.getByRole('textbox', { name: 'Thumbprint' })).not.toHaveValue('');
    await keepScreenshot(page, testInfo, 'certificate-page');
    await expectAccessible(page, testInfo, 'certificate-page', [dialog]);

    await dialog.getByRole('button', { name: 'Browse...' }).click();
    const picker = page.getByRole('dialog', { name: 'Select Certificate' });
    await expect(picker.getByRole('row').nth(1)).toBeVisible();
    await keepScreenshot(page, testInfo, 'select-certificate');
    await expectAccessible(page, testInfo, 'select-certificate', [picker]);
    await picker.getByRole('button', { name: 'Cancel' }).click();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
  });

  await test.step('Other People store', async () => {
    await expandTreeItem(page, GROUP_NAME);
    await expandTreeItem(page, 'Certificates');
    await expandTreeItem(page, 'ADMIN01');
    await treeItem(page, 'ADMIN01').getByRole('treeitem', { name: 'Other People', exact: true }).click();
    const grid = page.getByRole('grid', { name: 'Other People' });
    await expect(grid.getByRole('row').nth(1)).toBeVisible();
    await keepScreenshot(page, testInfo, 'other-people');
    // The tree too: it has opened the Certificates node and ADMIN01.
    await expectAccessible(page, testInfo, 'other-people', [
      panes.tree(page),
      panes.results(page),
      panes.actions(page),
    ]);
  });

  await test.step('audit log', async () => {
    await page.getByRole('link', { name: 'Audit log' }).click();
    const grid = page.getByRole('grid', { name: 'Audit log' });
    await expect(grid.getByRole('row').nth(1)).toBeVisible();
    await keepScreenshot(page, testInfo, 'audit');
    await expectAccessible(page, testInfo, 'audit', [panes.results(page), panes.actions(page)]);
  });
});

// Every other screen and dialog, each scanned where it appears: the results and actions panes of each
// node, each page of Send Port Properties, the context menu, the confirmations and Send test message.
test('every other screen and dialog has no serious or critical accessibility violations', async ({
  page,
  demo,
}, testInfo) => {
  test.setTimeout(900_000);
  await signIn(page, 'admin');
  // Each screen by its URL; those that are nodes of the console tree are opened there, by a click on the
  // node as a person does, rather than by loading the console again (the path names the node and the
  // nodes to open on the way). The others are loaded by their URL.
  const screens: [string, string, string[]?][] = [
    ['console root', '/', ['BizTalk Server Administration']],
    ['Group Hub', '/group', [GROUP_NAME]],
    ['Suspended Instances', '/group/suspended-instances'],
    ['Applications', '/applications', [GROUP_NAME, 'Applications']],
    ['application', `/applications/${ORDERS_APP}`, [GROUP_NAME, 'Applications', ORDERS_APP]],
    [
      'Orchestrations',
      `/applications/${ORDERS_APP}/orchestrations`,
      [GROUP_NAME, 'Applications', ORDERS_APP, 'Orchestrations'],
    ],
    ['Parties', '/parties', [GROUP_NAME, 'Parties']],
    ['Platform Settings', '/platform-settings', [GROUP_NAME, 'Platform Settings']],
    ['Hosts', '/platform-settings/hosts', [GROUP_NAME, 'Platform Settings', 'Hosts']],
    [
      'Host Instances',
      '/platform-settings/host-instances',
      [GROUP_NAME, 'Platform Settings', 'Host Instances'],
    ],
    ['Servers', '/platform-settings/servers', [GROUP_NAME, 'Platform Settings', 'Servers']],
    ['Event Viewer', '/platform-settings/servers/BTS01/event-viewer'],
    ['Certificates', '/certificates', [GROUP_NAME, 'Certificates']],
    ['computer', '/certificates/computers/ADMIN01', [GROUP_NAME, 'Certificates', 'ADMIN01']],
    ['certificate details', `/certificates/${demo.validEverywhere.thumbprint}`],
  ];
  for (const [screen, url, treePath] of screens) {
    await test.step(screen, async () => {
      if (treePath) await selectTreeNode(page, treePath);
      else await page.goto(url);
      await expect(page).toHaveURL(url);
      await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
      await expect(panes.results(page).getByText('Loading…')).toHaveCount(0);
      await expectAccessible(page, testInfo, screen, [panes.results(page), panes.actions(page)]);
    });
  }

  await test.step('audit entry', async () => {
    await page.goto('/audit');
    const grid = page.getByRole('grid', { name: 'Audit log' });
    await grid.getByRole('row').nth(1).click();
    await expect(page.getByRole('table', { name: /^Changes in audit entry/ })).toBeVisible();
    await expectAccessible(page, testInfo, 'audit entry', [panes.results(page)]);
  });

  // The dialog loaded once, on its first page; each other page by its tab, as a person moves through them.
  const dialog = propertiesDialog(page, ORDERS_AS2_PORT);
  for (const tab of [
    'General',
    'Transport Advanced Options',
    'Backup Transport',
    'Outbound Maps',
    'Filters',
    'Certificate',
    'Tracking',
  ]) {
    await test.step(`Send Port Properties, ${tab}`, async () => {
      const segment = tab.toLowerCase().replaceAll(' ', '-');
      const url = `/applications/${ORDERS_APP}/send-ports/${ORDERS_AS2_PORT}/properties/${segment}`;
      if (tab === 'General') await page.goto(url);
      else await dialog.getByRole('tab', { name: tab }).click();
      await expect(page).toHaveURL(url);
      await expect(dialog.getByRole('tab', { name: tab })).toHaveAttribute('aria-selected', 'true');
      await expectAccessible(page, testInfo, `properties-${segment}`, [dialog]);
    });
  }

  await test.step('context menu and Send test message', async () => {
    await page.goto(`/applications/${ORDERS_APP}/send-ports`);
    const grid = page.getByRole('grid', { name: 'Send Ports' });
    await grid.getByRole('row').filter({ hasText: ORDERS_AS2_PORT }).click({ button: 'right' });
    const menu = page.getByRole('menu');
    await expect(menu.getByRole('menuitem', { name: 'Properties' })).toBeVisible();
    await expectAccessible(page, testInfo, 'send-port-context-menu', [menu]);
    await menu.getByRole('menuitem', { name: 'Send test message' }).click();
    const dialog = page.getByRole('dialog', { name: `Send test message - ${ORDERS_AS2_PORT}` });
    await expect(dialog).toBeVisible();
    await expectAccessible(page, testInfo, 'send-test-message', [dialog]);
    await dialog.getByRole('button', { name: 'Close' }).click();
  });

  await test.step('Certificate missing on BTS02', async () => {
    // SP.Orders.Notify.SMTP runs on BTS01 and BTS02; Cancel leaves it as it was.
    const dialog = await openCertificatePage(page, ORDERS_APP, 'SP.Orders.Notify.SMTP');
    await dialog.getByRole('textbox', { name: 'Thumbprint' }).fill(demo.onBts01NotBts02.thumbprint);
    await dialog.getByRole('button', { name: 'OK' }).click();
    const confirmation = page.getByRole('alertdialog');
    await expect(confirmation).toBeVisible();
    await expectAccessible(page, testInfo, 'missing-on-confirmation', [confirmation]);
    await confirmation.getByRole('button', { name: 'Cancel' }).click();
  });
});
