import {
  ORDERS_APP,
  clearCertificate,
  expect,
  getSendPort,
  openCertificatePage,
  signIn,
  test,
} from '../support/fixtures';

// The note of the procedure: the certificate must also be on every server that runs the port.
// A port handled by BizTalkServerApplication runs on BTS01 and BTS02; the certificate is only on BTS01.
const PORT = 'SP.Orders.Notify.SMTP';

test.beforeEach(async ({ adminApi }) => {
  await clearCertificate(adminApi, PORT);
  const port = await getSendPort(adminApi, PORT);
  expect(port.sendHandler).toBe('BizTalkServerApplication');
});

test('assigning a certificate missing on BTS02 asks to confirm, then saves with a warning', async ({
  page,
  adminApi,
  demo,
}) => {
  const certificate = demo.onBts01NotBts02;
  await signIn(page, 'admin');
  const dialog = await openCertificatePage(page, ORDERS_APP, PORT);
  await dialog.getByRole('textbox', { name: 'Thumbprint' }).fill(certificate.thumbprint);
  await dialog.getByRole('button', { name: 'OK' }).click();

  const confirmation = page.getByRole('alertdialog');
  await expect(confirmation).toBeVisible();
  await expect(confirmation).toContainText('BTS02');
  await expect(confirmation).not.toContainText('BTS01');
  expect((await getSendPort(adminApi, PORT)).certificate).toBeNull();

  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'PUT' && r.url().endsWith('/certificate')),
    confirmation.getByRole('button', { name: /assign|save|continue|yes/i }).click(),
  ]);
  expect(response.status()).toBe(200);
  expect(response.request().postDataJSON()).toMatchObject({ acknowledgeMissingOn: ['BTS02'] });

  const warning = page
    .getByText(/BTS02/)
    .filter({ hasText: /Other People|missing|not processed|store/i })
    .first();
  await expect(warning).toBeVisible();
  const saved = await getSendPort(adminApi, PORT);
  expect(saved.certificate?.thumbprint).toBe(certificate.thumbprint);
  expect(saved.certificate?.health).toBe('missing-on-servers');
});
