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

test('the audit log shows a readable before and after, its reasons whole, and one way to filter', async ({
  page,
  adminApi,
  demo,
}) => {
  // An assignment with a reason, so the log has something to read.
  const port = 'SP.Orders.Confirmation.FILE';
  const reason = 'Contoso renewed its certificate for the order confirmations sent by file drop';
  const current = await adminApi.get(`/api/send-ports/${encodeURIComponent(port)}`);
  const etag = current.headers()['etag'];
  const assigned = await adminApi.put(`/api/send-ports/${encodeURIComponent(port)}/certificate`, {
    data: { thumbprint: demo.validEverywhere.thumbprint, reason },
    headers: etag ? { 'if-match': etag } : {},
  });
  expect(assigned.ok(), await assigned.text()).toBe(true);

  await page.goto('/sign-in');
  await signIn(page, 'admin');
  await page.getByRole('link', { name: 'Audit log' }).click();
  const grid = page.getByRole('grid', { name: 'Audit log' });
  const row = grid.getByRole('row').filter({ hasText: port });
  await expect(row.first()).toBeVisible();

  // One filter mechanism: the form, not a second filter box over the list.
  await expect(page.getByRole('searchbox', { name: 'Filter Audit log' })).toHaveCount(0);
  const filters = page.getByRole('form', { name: 'Audit filters' });
  const from = filters.getByText('From', { exact: true });
  const to = filters.getByText('To', { exact: true });
  expect((await from.boundingBox())?.y).toBe((await to.boundingBox())?.y);

  // The Reason column shows the reason whole at 1440 pixels, or on hover where it cannot.
  const reasonCell = row.first().getByRole('gridcell').filter({ hasText: 'Contoso renewed' });
  await expect(reasonCell).toHaveAttribute('title', reason);

  await row.first().click();
  const changes = page.getByRole('table', { name: /^Changes in audit entry \d+$/ });
  await expect(changes).toBeVisible();
  const certificateLine = changes.getByRole('row').filter({ hasText: 'Certificate' });
  await expect(certificateLine).toContainText(demo.validEverywhere.subjectCommonName ?? '');
  await expect(certificateLine).toContainText(demo.validEverywhere.thumbprint.slice(0, 4));
  await expect(changes.getByRole('row').filter({ hasText: 'Batch' })).toBeVisible();
  await expect(page.getByText('Before: null')).toHaveCount(0);
  await expect(changes).not.toContainText('"thumbprint"');
});

test('Send test message starts with an example message that can be sent as it is', async ({ page }) => {
  await page.goto('/sign-in');
  await signIn(page, 'admin');
  await page.goto(`/applications/${ORDERS_APP}/send-ports`);
  const grid = page.getByRole('grid', { name: 'Send Ports' });
  await grid.getByRole('row').filter({ hasText: 'SP.Orders.AS2' }).click();
  await page
    .getByRole('complementary', { name: 'Actions' })
    .getByRole('button', { name: 'Send test message' })
    .click();
  const dialog = page.getByRole('dialog', { name: /^Send test message - SP\.Orders\.AS2$/ });
  const message = dialog.getByRole('textbox', { name: 'Message' });
  await expect(message).toHaveValue(/^<Order xmlns="http:\/\/contoso\.com\/orders">/);
  await dialog.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(dialog.getByText('Type the message to send')).toHaveCount(0);
  await expect(dialog.getByText(/Delivered|Suspended/).first()).toBeVisible();
});
