import {
  ORDERS_APP,
  clearCertificate,
  displayForm,
  expect,
  getSendPort,
  openCertificatePage,
  signIn,
  test,
} from '../support/fixtures';

// The Windows certificate dialog copies its Thumbprint field with an invisible U+200E in front;
// BizTalk then finds nothing. The console removes it, says so, and saves.
const PORT = 'SP.Orders.Confirmation.FILE';

test.beforeEach(async ({ adminApi }) => {
  await clearCertificate(adminApi, PORT);
});

test('a thumbprint pasted from the Windows certificate dialog is cleaned, explained and saved', async ({
  page,
  context,
  adminApi,
  demo,
}) => {
  const certificate = demo.validEverywhere;
  // What certmgr puts on the clipboard: LEFT-TO-RIGHT MARK, then lower-case pairs separated by spaces.
  const copied = `\u200E${certificate.thumbprint.toLowerCase().match(/.{2}/g)!.join(' ')}`;
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await signIn(page, 'admin');
  const dialog = await openCertificatePage(page, ORDERS_APP, PORT);

  await page.evaluate((text) => navigator.clipboard.writeText(text), copied);
  const thumbprint = dialog.getByRole('textbox', { name: 'Thumbprint' });
  await thumbprint.click();
  await page.keyboard.press('ControlOrMeta+V');

  await expect(dialog.getByText('Removed 1 invisible character: U+200E LEFT-TO-RIGHT MARK')).toBeVisible();
  await expect(dialog.getByText(displayForm(certificate.thumbprint)).first()).toBeVisible();
  await expect(thumbprint).not.toHaveAttribute('aria-invalid', 'true');

  await dialog.getByRole('button', { name: 'OK' }).click();
  await expect(dialog).toBeHidden();
  expect((await getSendPort(adminApi, PORT)).certificate?.thumbprint).toBe(certificate.thumbprint);
});
