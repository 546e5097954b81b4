import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  SHIPPING_APP,
  clearCertificate,
  expect,
  expectAccessible,
  getSendPort,
  openImportBindings,
  signIn,
  test,
} from '../support/fixtures';

// Import → Bindings... (DESIGN §14) when the file's certificate is missing on a processing server: the
// administrator acknowledges it for that port, as "Assign anyway" on the Certificate page, and the import
// applies only what was confirmed. A change made meanwhile, even one the report looks the same after, is
// caught by the server, which answers with the new report.
const PORT = 'SP.Shipping.Manifest.FILE';

test('an administrator acknowledges a missing server per port, and the server refuses a report that no longer holds', async ({
  page,
  adminApi,
  demo,
}, testInfo) => {
  test.setTimeout(360_000);
  const port = await getSendPort(adminApi, PORT);
  expect(port.processingServers.map((server) => server.name)).toEqual(['BTS01', 'BTS02']);
  // The file to import gives the port the certificate that is on BTS01 but not on BTS02.
  const url = `/api/send-ports/${PORT}/certificate`;
  const read = await adminApi.get(`/api/send-ports/${PORT}`);
  const assigned = await adminApi.put(url, {
    headers: { 'If-Match': read.headers()['etag'] ?? '' },
    data: { thumbprint: demo.onBts01NotBts02.thumbprint, acknowledgeMissingOn: ['BTS02'] },
  });
  expect(assigned.ok(), await assigned.text()).toBe(true);
  const exported = await adminApi.get(`/api/applications/${SHIPPING_APP}/bindings`);
  expect(exported.ok()).toBe(true);
  const file = join(mkdtempSync(join(tmpdir(), 'bindings-')), `${SHIPPING_APP}.BindingInfo.xml`);
  writeFileSync(file, await exported.text());
  await clearCertificate(adminApi, PORT);

  await signIn(page, 'admin');
  const dialog = await openImportBindings(page, SHIPPING_APP);
  await expectAccessible(page, testInfo, 'import bindings, no file yet', [dialog]);

  await test.step('the report asks for an acknowledgement, port by port', async () => {
    await dialog.getByLabel('Binding file').setInputFiles(file);
    const row = dialog
      .getByRole('table', { name: 'Import report' })
      .getByRole('row')
      .filter({ hasText: PORT });
    await expect(row).toContainText('Acknowledgement needed');
    await expect(row).toContainText('not in the Other People store of BTS02');
    const importButton = dialog.getByRole('button', { name: 'Import' });
    await expect(importButton).toHaveAccessibleDescription(/Acknowledge the missing servers/);
    await expectAccessible(page, testInfo, 'import bindings, acknowledgement needed', [dialog]);

    await row
      .getByRole('checkbox', { name: `Assign the certificate of ${PORT} anyway, without BTS02` })
      .check();
    await expect(row).toContainText('Applied');
    await expect(row).toContainText('BTS02');
    await expect(importButton).not.toHaveAccessibleDescription(/Acknowledge/);
    expect((await getSendPort(adminApi, PORT)).certificate).toBeNull();
  });

  await test.step('a change made meanwhile is caught by the server; the new report is shown', async () => {
    // Another administrator assigns the certificate and removes it again: the report would read the same,
    // but the port is not the one the administrator confirmed.
    const before = await adminApi.get(`/api/send-ports/${PORT}`);
    const other = await adminApi.put(url, {
      headers: { 'If-Match': before.headers()['etag'] ?? '' },
      data: { thumbprint: demo.validEverywhere.thumbprint },
    });
    expect(other.ok(), await other.text()).toBe(true);
    await clearCertificate(adminApi, PORT);

    const [refused] = await Promise.all([
      page.waitForResponse(
        (response) => response.request().method() === 'POST' && response.url().includes('/bindings'),
      ),
      dialog.getByRole('button', { name: 'Import' }).click(),
    ]);
    expect(refused.status()).toBe(412);
    await expect(dialog.getByText(/Something changed since the report was made/)).toBeVisible();
    expect((await getSendPort(adminApi, PORT)).certificate).toBeNull();
    await expectAccessible(page, testInfo, 'import bindings, changed meanwhile', [dialog]);
  });

  await test.step('confirmed on the new report: imported with the acknowledgement', async () => {
    const [applied] = await Promise.all([
      page.waitForResponse(
        (response) => response.request().method() === 'POST' && response.url().includes('/bindings'),
      ),
      dialog.getByRole('button', { name: 'Import' }).click(),
    ]);
    expect(applied.status()).toBe(200);
    expect(applied.url()).toContain(`acknowledgeMissingOnPort=${encodeURIComponent(`${PORT}:BTS02`)}`);
    await expect(dialog).toBeHidden();
    const saved = await getSendPort(adminApi, PORT);
    expect(saved.certificate?.thumbprint).toBe(demo.onBts01NotBts02.thumbprint);
    expect(saved.certificate?.health).toBe('missing-on-servers');
  });
});
