import {
  INVOICING_APP,
  clearCertificate,
  expect,
  getSendPort,
  openCertificatePage,
  signIn,
  test,
} from '../support/fixtures';

// DESIGN §3 e: two people open the same port; the second save must not silently overwrite the first.
const PORT = 'SP.Invoicing.Payment.HTTP';

test.beforeEach(async ({ adminApi }) => {
  await clearCertificate(adminApi, PORT);
});

test('the second save sees who changed the port after it was opened, and can reload', async ({
  browser,
  adminApi,
  demo,
}) => {
  const first = await browser.newContext();
  const second = await browser.newContext();
  try {
    const firstPage = await first.newPage();
    const secondPage = await second.newPage();
    await signIn(firstPage, 'admin');
    await signIn(secondPage, 'admin');
    const firstDialog = await openCertificatePage(firstPage, INVOICING_APP, PORT);
    const secondDialog = await openCertificatePage(secondPage, INVOICING_APP, PORT);

    await firstDialog.getByRole('textbox', { name: 'Thumbprint' }).fill(demo.validEverywhere.thumbprint);
    await firstDialog.getByRole('button', { name: 'OK' }).click();
    await expect(firstDialog).toBeHidden();
    const saved = await getSendPort(adminApi, PORT);
    expect(saved.certificate?.thumbprint).toBe(demo.validEverywhere.thumbprint);

    await secondDialog.getByRole('textbox', { name: 'Thumbprint' }).fill(demo.expiringSoon.thumbprint);
    await secondDialog.getByRole('button', { name: 'OK' }).click();
    await expect(secondDialog).toBeVisible();
    await expect(
      secondDialog.getByText(/This send port was modified by admin at .+ after you opened it/),
    ).toBeVisible();
    expect((await getSendPort(adminApi, PORT)).certificate?.thumbprint).toBe(demo.validEverywhere.thumbprint);

    await secondDialog.getByRole('button', { name: 'Reload' }).click();
    await expect(secondDialog.getByText(/This send port was modified by admin/)).toBeHidden();
    await expect(secondDialog.getByRole('textbox', { name: 'Thumbprint' })).toHaveValue(
      new RegExp(demo.validEverywhere.thumbprint.match(/.{4}/g)!.join('\\s?'), 'i'),
    );
  } finally {
    await first.close();
    await second.close();
  }
});
