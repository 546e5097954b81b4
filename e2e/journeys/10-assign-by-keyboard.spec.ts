import type { Locator, Page } from '@playwright/test';
import {
  ACCOUNTS,
  GROUP_NAME,
  SHIPPING_APP,
  clearCertificate,
  consoleTree,
  expect,
  getSendPort,
  paths,
  propertiesDialog,
  test,
  treeItem,
} from '../support/fixtures';

// The whole assignment without the mouse: Tab, the WAI-ARIA tree keys, Shift+F10, Enter.
const PORT = 'SP.Shipping.Manifest.FILE';

async function hasFocus(target: Locator): Promise<boolean> {
  return target.evaluate(
    (element) => element === document.activeElement || element.contains(document.activeElement),
  );
}

/** Presses `key` until `target` has the focus, as a keyboard user would, failing after `limit` presses. */
async function pressUntilFocused(page: Page, key: string, target: Locator, limit = 30): Promise<void> {
  for (let presses = 0; presses < limit; presses += 1) {
    if (await hasFocus(target)) return;
    await page.keyboard.press(key);
  }
  expect(await hasFocus(target), `${key} never reached the element`).toBe(true);
}

async function focusedTreeItemIs(page: Page, name: string): Promise<boolean> {
  return treeItem(page, name).evaluate((element) => element === document.activeElement);
}

/** Moves down the tree with the arrow keys to `name`, then opens it with the right arrow. */
async function arrowToAndExpand(page: Page, name: string): Promise<void> {
  for (let presses = 0; presses < 40 && !(await focusedTreeItemIs(page, name)); presses += 1) {
    await page.keyboard.press('ArrowDown');
  }
  await expect(treeItem(page, name)).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(treeItem(page, name)).toHaveAttribute('aria-expanded', 'true');
}

test.beforeEach(async ({ adminApi }) => {
  await clearCertificate(adminApi, PORT);
});

test('an administrator assigns a certificate with the keyboard alone', async ({ page, adminApi, demo }) => {
  await page.goto(paths.signIn);
  await pressUntilFocused(page, 'Tab', page.getByRole('textbox', { name: 'User name' }));
  await page.keyboard.type(ACCOUNTS.admin.username);
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Password', { exact: true })).toBeFocused();
  await page.keyboard.type(ACCOUNTS.admin.password);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();

  await pressUntilFocused(page, 'Tab', consoleTree(page));
  await page.keyboard.press('Home');
  await arrowToAndExpand(page, GROUP_NAME);
  await arrowToAndExpand(page, 'Applications');
  await arrowToAndExpand(page, SHIPPING_APP);
  const sendPorts = treeItem(page, SHIPPING_APP).getByRole('treeitem', { name: 'Send Ports', exact: true });
  for (
    let presses = 0;
    presses < 20 && !(await sendPorts.evaluate((e) => e === document.activeElement));
    presses += 1
  ) {
    await page.keyboard.press('ArrowDown');
  }
  await expect(sendPorts).toBeFocused();
  await page.keyboard.press('Enter');

  const grid = page.getByRole('grid', { name: 'Send Ports' });
  await expect(grid).toBeVisible();
  await pressUntilFocused(page, 'Tab', grid);
  const row = grid.getByRole('row').filter({ has: page.getByText(PORT, { exact: true }) });
  await pressUntilFocused(page, 'ArrowDown', row, 40);
  await page.keyboard.press('Shift+F10');
  const properties = page.getByRole('menuitem', { name: 'Properties' });
  await pressUntilFocused(page, 'ArrowDown', properties, 10);
  await page.keyboard.press('Enter');

  const dialog = propertiesDialog(page, PORT);
  await expect(dialog).toBeVisible();
  const certificateTab = dialog.getByRole('tab', { name: 'Certificate' });
  await pressUntilFocused(page, 'Tab', dialog.getByRole('tab', { selected: true }));
  await pressUntilFocused(page, 'ArrowRight', certificateTab, 10);
  await page.keyboard.press('Enter');
  await expect(certificateTab).toHaveAttribute('aria-selected', 'true');

  const thumbprint = dialog.getByRole('textbox', { name: 'Thumbprint' });
  await pressUntilFocused(page, 'Tab', thumbprint, 10);
  await page.keyboard.type(demo.validEverywhere.thumbprint.toLowerCase());
  await page.keyboard.press('Enter');

  await expect(dialog).toBeHidden();
  await expect(grid.getByRole('row').filter({ has: page.getByText(PORT, { exact: true }) })).toContainText(
    demo.validEverywhere.subjectCommonName ?? '',
  );
  expect((await getSendPort(adminApi, PORT)).certificate?.thumbprint).toBe(demo.validEverywhere.thumbprint);
});
