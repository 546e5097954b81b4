import {
  INVOICING_APP,
  assignCertificate,
  clearCertificate,
  expect,
  getSendPort,
  openSendPortsByMouse,
  portRow,
  propertiesDialog,
  signIn,
  test,
} from '../support/fixtures';

// Remove certificate: the port sends in clear text from then on; the certificate stays in the store.
const PORT = 'SP.Invoicing.Archive.FILE';

test.beforeEach(async ({ adminApi, demo }) => {
  const port = await getSendPort(adminApi, PORT);
  if (port.certificate?.thumbprint !== demo.validEverywhere.thumbprint) {
    await clearCertificate(adminApi, PORT);
    await assignCertificate(adminApi, PORT, demo.validEverywhere.thumbprint);
  }
});

test('removing the certificate warns about clear text and leaves the port without one', async ({
  page,
  adminApi,
  demo,
}) => {
  const commonName = demo.validEverywhere.subjectCommonName ?? '';
  await signIn(page, 'admin');
  const grid = await openSendPortsByMouse(page, INVOICING_APP);
  await expect(portRow(grid, PORT)).toContainText(commonName);

  await portRow(grid, PORT).getByText(PORT, { exact: true }).click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'Properties' }).click();
  const dialog = propertiesDialog(page, PORT);
  await dialog.getByRole('tab', { name: 'Certificate' }).click();

  await dialog.getByRole('button', { name: 'Remove certificate' }).click();
  await expect(dialog.getByText(/clear text/i).first()).toBeVisible();
  await expect(dialog.getByRole('textbox', { name: 'Thumbprint' })).toHaveValue('');

  await dialog.getByRole('button', { name: 'OK' }).click();
  await expect(dialog).toBeHidden();
  await expect(portRow(grid, PORT)).not.toContainText(commonName);
  expect((await getSendPort(adminApi, PORT)).certificate).toBeNull();
});
