import {
  INVOICING_APP,
  ORDERS_APP,
  expect,
  openCertificatePage,
  propertiesDialog,
  signIn,
  test,
} from '../support/fixtures';

// The read-only pages of Send Port Properties in BizTalk's words, the audit view, the test message and
// the command-line tool's refusals: what an administrator reads in the first hour.

test('Transport Advanced Options speaks in BizTalk labels, not stored keys', async ({ page }) => {
  await page.goto('/sign-in');
  await signIn(page, 'admin');
  // SP.Orders.AS2 retries five times, ten minutes apart; SP.Orders.Secure.HTTP delivers in order.
  for (const { port, retryCount, retryInterval, ordered } of [
    { port: 'SP.Orders.AS2', retryCount: '5', retryInterval: '10', ordered: false },
    { port: 'SP.Orders.Secure.HTTP', retryCount: '3', retryInterval: '5', ordered: true },
  ]) {
    await page.goto(
      `/applications/${ORDERS_APP}/send-ports/${encodeURIComponent(port)}/properties/transport-advanced-options`,
    );
    const dialog = propertiesDialog(page, port);
    await expect(dialog.getByRole('tab', { name: 'Transport Advanced Options' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    await expect(dialog.getByRole('textbox', { name: 'Retry count' })).toHaveValue(retryCount);
    await expect(dialog.getByRole('textbox', { name: 'Retry interval (minutes)' })).toHaveValue(
      retryInterval,
    );
    const orderedDelivery = dialog.getByRole('checkbox', { name: 'Ordered delivery' });
    if (ordered) await expect(orderedDelivery).toBeChecked();
    else await expect(orderedDelivery).not.toBeChecked();
    await expect(dialog.getByRole('checkbox', { name: 'Enable service window' })).not.toBeChecked();
    await expect(dialog.getByRole('textbox', { name: 'Start time' })).toHaveValue('');
    await expect(dialog.getByRole('textbox', { name: 'Stop time' })).toHaveValue('');
    for (const key of ['retryCount', 'orderedDelivery', 'serviceWindow']) {
      await expect(dialog.getByText(key)).toHaveCount(0);
    }
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
  }
});

test('the Certificate page shows the certificate in a group of its own, above the processing servers', async ({
  page,
}) => {
  await page.goto('/sign-in');
  await signIn(page, 'admin');
  const dialog = await openCertificatePage(page, INVOICING_APP, 'SP.Invoicing.AS2');
  const certificate = dialog.getByRole('group', { name: 'Certificate', exact: true });
  for (const label of ['Issued to', 'Issued by', 'Valid', 'Key usage']) {
    await expect(certificate.getByText(label, { exact: true })).toBeVisible();
  }
  const servers = dialog.getByRole('group', { name: 'Processing servers' });
  await expect(servers.getByRole('table', { name: 'Presence on processing servers' })).toBeVisible();
  await expect(servers.getByText('Issued to', { exact: true })).toHaveCount(0);
  // In that order on the page.
  const top = async (group: typeof certificate) => (await group.boundingBox())?.y ?? 0;
  expect(await top(certificate)).toBeLessThan(await top(servers));
});
