import { expect, getSendPort, makePartnerCertificate, panes, signIn, test } from '../support/fixtures';

// DESIGN §12 and §13, on a server started with BTS_EXPIRY_WARNING_DAYS=7,3: first, a certificate 10 days from its
// end is not "expiring" for this group, in the API and in the console alike. Then the administrator replaces it
// from the certificate's own details page, with the partner's renewed certificate imported in the wizard itself.
test.use({ serverEnvironment: { BTS_EXPIRY_WARNING_DAYS: '7,3' } });

const PORT = 'SP.Invoicing.AS2';

test('with warnings from 7 days, a certificate 10 days from its end is valid in the API and the console', async ({
  page,
  adminApi,
  demo,
}) => {
  const session = await (await adminApi.get('/api/session')).json();
  expect(session.expiryWarningDays).toEqual([7, 3]);
  expect((await getSendPort(adminApi, PORT)).certificate).toMatchObject({
    thumbprint: demo.expiringSoon.thumbprint,
    health: 'valid',
  });

  await signIn(page, 'admin');
  await page.goto('/certificates/in-use');
  const inUse = page.getByRole('grid', { name: 'In Use' });
  await expect(page.getByText(/Warnings from 7, 3 days before expiry/)).toBeVisible();
  const row = inUse.getByRole('row').filter({ hasText: demo.expiringSoon.thumbprint });
  await expect(row).toContainText('Valid');
  await expect(row).not.toContainText('Expires in');

  // The certificate's details and the port's Certificate page judge it by the same threshold.
  await page.goto(`/certificates/${demo.expiringSoon.thumbprint}`);
  await expect(page.getByRole('region', { name: 'Fields' })).toBeVisible();
  await expect(page.getByText(/Expires in/)).toHaveCount(0);
});

test('Replace certificate... on the certificate details opens the wizard for it, and a successor imported there is previewed and applied', async ({
  page,
  adminApi,
  demo,
}) => {
  const expiring = demo.expiringSoon;
  const renewed = makePartnerCertificate('Fabrikam AS2 renewed in the wizard', {
    organization: 'Fabrikam, Inc.',
    days: 730,
  });
  try {
    await signIn(page, 'admin');
    await page.goto(`/certificates/${expiring.thumbprint}`);
    await expect(page.getByRole('table', { name: 'Send ports that use this certificate' })).toContainText(
      PORT,
    );
    await panes.actions(page).getByRole('button', { name: 'Replace certificate...' }).click();
    await expect(page).toHaveURL(new RegExp(`/certificates/${expiring.thumbprint}/replace$`));
    const wizard = page.getByRole('dialog', { name: /^Replace certificate - / });
    await expect(wizard).toContainText('Step 1 of 4: Successor');

    // The renewed certificate came by mail: import the .cer in the wizard (into the console computer's store).
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      wizard.getByRole('button', { name: 'Import certificate...' }).click(),
    ]);
    await chooser.setFiles(renewed.cerPath);
    await expect(wizard).toContainText('Step 2 of 4: Preview');
    await expect(wizard).toContainText(renewed.thumbprint);
    const preview = wizard.getByRole('table', { name: 'Preview' });
    await expect(preview).toContainText(PORT);
    // Imported on the console computer only: the processing servers lack it, and each must be acknowledged.
    const missing = preview.getByText('Missing', { exact: true });
    await expect(missing.first()).toBeVisible();
    const acknowledgements = preview.getByRole('checkbox', { name: /go ahead without it on/ });
    const count = await acknowledgements.count();
    expect(count).toBeGreaterThan(0);
    expect(count).toBe(await missing.count());
    await expect(wizard.getByRole('button', { name: 'Next' })).toBeDisabled();
    for (let index = 0; index < count; index += 1) await acknowledgements.nth(index).check();
    await expect(wizard.getByRole('button', { name: 'Next' })).toBeEnabled();
    await wizard.getByRole('button', { name: 'Next' }).click();
    await expect(wizard.getByRole('radio', { name: 'Apply now, on every port at once' })).toBeChecked();
    await wizard.getByRole('button', { name: 'Apply' }).click();
    await expect(wizard).toContainText('Replaced on 1 send port');
    await wizard.getByRole('button', { name: 'Close' }).click();
    // Close returns to the details it was opened from.
    await expect(page).toHaveURL(new RegExp(`/certificates/${expiring.thumbprint}$`));
    expect((await getSendPort(adminApi, PORT)).certificate?.thumbprint).toBe(renewed.thumbprint);
    await expect(page.getByText('No send port uses this certificate.')).toBeVisible();
  } finally {
    renewed.remove();
  }
});
