import {
  GROUP_NAME,
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
  signIn,
  test,
  treeItem,
} from '../support/fixtures';

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
