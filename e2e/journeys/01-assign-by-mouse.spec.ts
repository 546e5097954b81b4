import {
  ORDERS_APP,
  ORDERS_AS2_PORT,
  clearCertificate,
  expect,
  getSendPort,
  keepScreenshot,
  openSendPortsByMouse,
  portRow,
  propertiesDialog,
  publishScreenshot,
  signIn,
  test,
} from '../support/fixtures';

// The procedure of "How to Assign a Certificate to a Send Port", step by step, with the mouse.
// A tall window leaves the first rows of the list visible above the dialog, for the README's screenshot.
test.use({ viewport: { width: 1600, height: 1200 } });

test.beforeEach(async ({ adminApi }) => {
  await clearCertificate(adminApi, ORDERS_AS2_PORT);
});

test('an administrator assigns a certificate from the local store by mouse', async ({
  page,
  adminApi,
  demo,
}, testInfo) => {
  const certificate = demo.validEverywhere;
  await signIn(page, 'admin');

  const grid = await openSendPortsByMouse(page, ORDERS_APP);
  const row = portRow(grid, ORDERS_AS2_PORT);
  await row.getByText(ORDERS_AS2_PORT, { exact: true }).click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'Properties' }).click();

  const dialog = propertiesDialog(page, ORDERS_AS2_PORT);
  await expect(dialog).toBeVisible();
  await dialog.getByRole('tab', { name: 'Certificate' }).click();
  await expect(dialog.getByRole('tab', { name: 'Certificate' })).toHaveAttribute('aria-selected', 'true');
  await expect(page).toHaveURL(/\/properties\/certificate$/);

  await dialog.getByRole('button', { name: 'Browse...' }).click();
  const picker = page.getByRole('dialog', { name: 'Select Certificate' });
  await expect(picker).toBeVisible();
  await picker
    .getByRole('row')
    .filter({ hasText: certificate.subjectCommonName ?? '' })
    .first()
    .click();
  await picker.getByRole('button', { name: 'OK' }).click();
  await expect(picker).toBeHidden();

  await expect(dialog.getByRole('textbox', { name: 'Thumbprint' })).toHaveValue(
    new RegExp(certificate.thumbprint.match(/.{4}/g)!.join('\\s?'), 'i'),
  );
  await expect(dialog.getByRole('textbox', { name: 'Common name' })).toHaveValue(
    certificate.subjectCommonName ?? '',
  );
  const shot = await keepScreenshot(page, testInfo, 'send-port-properties-certificate');
  publishScreenshot(shot, 'console.png');

  await dialog.getByRole('button', { name: 'OK' }).click();
  await expect(dialog).toBeHidden();

  await expect(portRow(grid, ORDERS_AS2_PORT)).toContainText(certificate.subjectCommonName ?? '');
  await keepScreenshot(page, testInfo, 'send-ports-list');
  expect((await getSendPort(adminApi, ORDERS_AS2_PORT)).certificate?.thumbprint).toBe(certificate.thumbprint);
});
