import {
  ORDERS_AS2_PORT,
  expect,
  paths,
  propertiesDialog,
  ACCOUNTS,
  test,
  ORDERS_APP,
} from '../support/fixtures';

// DESIGN §6: every dialog page has its own URL; reloading restores it; Back works.
test('a link to the Certificate page survives sign-in and reload, and Back works', async ({ page }) => {
  const link = paths.certificatePage(ORDERS_APP, ORDERS_AS2_PORT);
  await page.goto(link);

  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await page.getByRole('textbox', { name: 'User name' }).fill(ACCOUNTS.admin.username);
  await page.getByLabel('Password', { exact: true }).fill(ACCOUNTS.admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();

  const dialog = propertiesDialog(page, ORDERS_AS2_PORT);
  const certificateTab = dialog.getByRole('tab', { name: 'Certificate' });
  await expect(dialog).toBeVisible();
  await expect(certificateTab).toHaveAttribute('aria-selected', 'true');
  expect(new URL(page.url()).pathname).toBe(link);

  await page.reload();
  await expect(certificateTab).toHaveAttribute('aria-selected', 'true');
  await expect(dialog.getByRole('textbox', { name: 'Thumbprint' })).toBeVisible();
  expect(new URL(page.url()).pathname).toBe(link);

  await dialog.getByRole('tab', { name: 'General' }).click();
  await expect(dialog.getByRole('tab', { name: 'General' })).toHaveAttribute('aria-selected', 'true');
  await expect(page).toHaveURL(/\/properties\/general$/);

  await page.goBack();
  await expect(certificateTab).toHaveAttribute('aria-selected', 'true');
  expect(new URL(page.url()).pathname).toBe(link);
});
