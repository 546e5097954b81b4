import {
  ORDERS_APP,
  clearCertificate,
  expect,
  getSendPort,
  keepScreenshot,
  openCertificatePage,
  publishScreenshot,
  signIn,
  test,
} from '../support/fixtures';

// A port handled by BizTalkServerApplication: it runs on BTS01 and BTS02. The console's own store (ADMIN01)
// holds every demo certificate, including those this port cannot use.
const PORT = 'SP.Orders.Notify.SMTP';
const USABLE_ONLY = 'Show only certificates this port can use';

test.use({ viewport: { width: 1440, height: 900 } });

test.beforeEach(async ({ adminApi }) => {
  await clearCertificate(adminApi, PORT);
});

test('Browse lists the certificates this port can use, marks the others with why, and explains instead of closing', async ({
  page,
  demo,
}, testInfo) => {
  await signIn(page, 'admin');
  const dialog = await openCertificatePage(page, ORDERS_APP, PORT);
  await dialog.getByRole('button', { name: 'Browse...' }).click();
  const picker = page.getByRole('dialog', { name: 'Select Certificate' });
  await expect(picker).toBeVisible();

  const onlyUsable = picker.getByRole('switch', { name: USABLE_ONLY });
  await expect(onlyUsable).toBeChecked();
  const row = (name: string | null) => picker.getByRole('row').filter({ hasText: name ?? '' });
  await expect(row(demo.validEverywhere.subjectCommonName)).toBeVisible();
  await expect(row(demo.expired.subjectCommonName)).toHaveCount(0);
  await expect(row(demo.signingOnly.subjectCommonName)).toHaveCount(0);
  // The list says how many of the store's certificates it shows.
  await expect(picker.getByText(/^\d+ of \d+$/)).toBeVisible();

  await onlyUsable.click();
  await expect(onlyUsable).not.toBeChecked();
  await expect(row(demo.expired.subjectCommonName)).toContainText('Expired');
  await expect(row(demo.signingOnly.subjectCommonName)).toContainText('Not for encryption (key usage)');
  await expect(row(demo.onBts01NotBts02.subjectCommonName)).toContainText('Missing on BTS02 for this port');
  await expect(row(demo.notYetValid.subjectCommonName)).toContainText(
    `Not valid until ${demo.notYetValid.notBefore.slice(0, 10)}`,
  );
  await expect(row(demo.validEverywhere.subjectCommonName)).toContainText('Can be used');
  await expect(picker.getByText(/^\d+ items$/)).toBeVisible();
  publishScreenshot(
    await keepScreenshot(page, testInfo, 'browse-picker-marked-rows'),
    'browse-picker-marked-rows.png',
  );

  // OK on a marked row says why, and leaves the picker open.
  await row(demo.expired.subjectCommonName).click();
  await picker.getByRole('button', { name: 'OK' }).click();
  await expect(picker.getByRole('alert')).toContainText(
    `cannot use '${demo.expired.subjectCommonName}': it has expired`,
  );
  await expect(picker).toBeVisible();
  await row(demo.onBts01NotBts02.subjectCommonName).dblclick();
  await expect(picker.getByRole('alert')).toContainText('not in the Other People store of BTS02');
  await expect(picker).toBeVisible();

  await row(demo.validEverywhere.subjectCommonName).click();
  await picker.getByRole('button', { name: 'OK' }).click();
  await expect(picker).toBeHidden();
  await expect(dialog.getByRole('textbox', { name: 'Common name' })).toHaveValue(
    demo.validEverywhere.subjectCommonName ?? '',
  );
});

test('a typed thumbprint is judged before saving: the refusal at once, the common name as soon as it is found', async ({
  page,
  adminApi,
  demo,
}) => {
  await signIn(page, 'admin');
  const dialog = await openCertificatePage(page, ORDERS_APP, PORT);
  const thumbprint = dialog.getByRole('textbox', { name: 'Thumbprint' });
  const commonName = dialog.getByRole('textbox', { name: 'Common name' });

  await thumbprint.fill(demo.expired.thumbprint);
  await expect(dialog.getByText('Will be refused: Expired.')).toBeVisible();
  await expect(commonName).toHaveValue(demo.expired.subjectCommonName ?? '');
  await expect(dialog.getByText(/Valid thumbprint/)).toHaveCount(0);
  await expect(dialog.getByText(/Saved as/)).toHaveCount(0);

  await thumbprint.fill(demo.signingOnly.thumbprint);
  await expect(dialog.getByText('Will be refused: Not for encryption (key usage).')).toBeVisible();
  await expect(commonName).toHaveValue(demo.signingOnly.subjectCommonName ?? '');

  await thumbprint.fill(demo.validEverywhere.thumbprint);
  await expect(dialog.getByText(/^Valid thumbprint: /)).toBeVisible();
  await expect(commonName).toHaveValue(demo.validEverywhere.subjectCommonName ?? '');
  expect((await getSendPort(adminApi, PORT)).certificate).toBeNull();
});

test('the missing-on-servers confirmation starts on Cancel, so Enter changes nothing', async ({
  page,
  adminApi,
  demo,
}) => {
  await signIn(page, 'admin');
  const dialog = await openCertificatePage(page, ORDERS_APP, PORT);
  await dialog.getByRole('textbox', { name: 'Thumbprint' }).fill(demo.onBts01NotBts02.thumbprint);
  await expect(dialog.getByText(/^Missing on BTS02 for this port: OK will ask you to confirm/)).toBeVisible();
  await dialog.getByRole('button', { name: 'OK' }).click();

  const confirmation = page.getByRole('alertdialog');
  await expect(confirmation).toBeVisible();
  await expect(confirmation.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(confirmation).toBeHidden();
  expect((await getSendPort(adminApi, PORT)).certificate).toBeNull();
});

test('a thumbprint pasted with U+200E is put back in the box without it, with a notice', async ({
  page,
  demo,
}) => {
  await signIn(page, 'admin');
  const dialog = await openCertificatePage(page, ORDERS_APP, PORT);
  const thumbprint = dialog.getByRole('textbox', { name: 'Thumbprint' });
  await thumbprint.fill(`\u200E${demo.validEverywhere.thumbprint}`);
  await expect(thumbprint).toHaveValue(demo.validEverywhere.thumbprint);
  const notice = dialog.getByRole('status').filter({ hasText: 'Removed 1 invisible character' });
  await expect(notice).toContainText('U+200E LEFT-TO-RIGHT MARK');
  await expect(thumbprint).not.toHaveAttribute('aria-invalid', 'true');
});
