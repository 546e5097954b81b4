import {
  INVOICING_APP,
  assignCertificate,
  clearCertificate,
  expandTreeItem,
  expect,
  expectAccessible,
  getSendPort,
  GROUP_NAME,
  keepScreenshot,
  makePartnerCertificate,
  panes,
  publishScreenshot,
  signIn,
  test,
  treeItem,
} from '../support/fixtures';
import { readFileSync } from 'node:fs';

// DESIGN §12, journey (a): Fabrikam's certificate expires in 10 days. Fabrikam sent its renewed one; it is in
// every store. The administrator replaces the old one on the three ports that use it, at once, through the
// wizard; the audit log shows the three changes as one batch.
const PORTS = ['SP.Invoicing.AS2', 'SP.Invoicing.Archive.FILE', 'SP.Invoicing.Reminder.SMTP'];
const COMPUTERS = ['ADMIN01', 'BTS01', 'BTS02'];

test('a certificate expiring in 10 days is replaced on the 3 ports that use it, as one batch', async ({
  page,
  adminApi,
  demo,
}, testInfo) => {
  // Five axe scans, one per step of the wizard: twice the other journeys' guard.
  test.setTimeout(360_000);
  const expiring = demo.expiringSoon;
  const renewed = makePartnerCertificate('Fabrikam AS2 2027', { organization: 'Fabrikam, Inc.', days: 730 });
  try {
    for (const port of PORTS) {
      if ((await getSendPort(adminApi, port)).certificate?.thumbprint === expiring.thumbprint) continue;
      await clearCertificate(adminApi, port);
      await assignCertificate(adminApi, port, expiring.thumbprint);
    }
    for (const computer of COMPUTERS) {
      const imported = await adminApi.post(`/api/computers/${computer}/stores/other-people/certificates`, {
        headers: { 'Content-Type': 'application/octet-stream' },
        data: readFileSync(renewed.cerPath),
      });
      expect(imported.status(), `importing the renewed certificate into ${computer}`).toBe(201);
    }

    await signIn(page, 'admin');
    await expandTreeItem(page, GROUP_NAME);
    await expandTreeItem(page, 'Certificates');
    await treeItem(page, 'In Use').click();
    const inUse = page.getByRole('grid', { name: 'In Use' });
    await expect(inUse).toBeVisible();
    // Sorted by days left: the expiring certificate comes before every valid one.
    const expiringRow = inUse.getByRole('row').filter({ hasText: expiring.thumbprint });
    // Seeded to end 10 days after the seed, a few minutes ago: 9 whole days are left now.
    await expect(expiringRow).toContainText(/Expires in (9|10) days/);
    await page.getByRole('searchbox', { name: 'Filter certificates in use' }).fill(expiring.thumbprint);
    await expect(inUse.getByRole('row')).toHaveCount(2);
    for (const port of PORTS) await expect(expiringRow).toContainText(port);
    await expectAccessible(page, testInfo, 'certificates in use', [panes.results(page)]);

    await expiringRow.getByRole('gridcell').first().click();
    await panes.actions(page).getByRole('button', { name: 'Replace certificate...' }).click();
    const wizard = page.getByRole('dialog', { name: /^Replace certificate - / });
    await expect(wizard).toContainText('Step 1 of 4: Successor');
    await wizard.getByRole('searchbox', { name: 'Filter certificates' }).fill(renewed.thumbprint);
    const candidates = wizard.getByRole('grid', { name: 'Successor candidates' });
    const candidate = candidates.getByRole('row').filter({ hasText: renewed.thumbprint });
    await expect(candidate).toContainText('ADMIN01, BTS01, BTS02');
    await expectAccessible(page, testInfo, 'replace certificate successor', [wizard]);
    await candidate.getByRole('gridcell').first().click();
    await wizard.getByRole('button', { name: 'Next' }).click();

    await expect(wizard).toContainText('Step 2 of 4: Preview');
    const preview = wizard.getByRole('table', { name: 'Preview' });
    for (const port of PORTS) await expect(preview).toContainText(port);
    await expect(preview.getByText('Ready', { exact: true })).toHaveCount(3);
    await expect(preview.getByText('Missing', { exact: true })).toHaveCount(0);
    await expect(wizard).toContainText('Nothing has changed yet');
    await expectAccessible(page, testInfo, 'replace certificate preview', [wizard]);
    publishScreenshot(
      await keepScreenshot(page, testInfo, 'replace-wizard-preview'),
      'replace-wizard-preview.png',
    );
    // Nothing changed on preview.
    expect((await getSendPort(adminApi, PORTS[0] ?? '')).certificate?.thumbprint).toBe(expiring.thumbprint);

    await wizard.getByRole('button', { name: 'Next' }).click();
    await expect(wizard.getByRole('radio', { name: 'Apply now, on every port at once' })).toBeChecked();
    await expectAccessible(page, testInfo, 'replace certificate when', [wizard]);
    await wizard.getByRole('button', { name: 'Apply' }).click();
    await expect(wizard).toContainText('Replaced on 3 send ports');
    const result = wizard.getByRole('table', { name: 'Result' });
    await expect(result.getByText('Replaced', { exact: true })).toHaveCount(3);
    await expectAccessible(page, testInfo, 'replace certificate result', [wizard]);
    const bindings = wizard.getByRole('link', { name: `${INVOICING_APP}.BindingInfo.xml` });
    const [download] = await Promise.all([page.waitForEvent('download'), bindings.click()]);
    const bindingFile = readFileSync(await download.path(), 'utf8');
    expect(bindingFile).toContain(renewed.thumbprint);
    expect(bindingFile).not.toContain(expiring.thumbprint);
    const batch =
      (await wizard
        .locator('span', { hasText: /^[0-9a-f-]{36}$/ })
        .first()
        .textContent()) ?? '';
    expect(batch).toMatch(/^[0-9a-f-]{36}$/);
    await wizard.getByRole('button', { name: 'Close' }).click();

    for (const port of PORTS) {
      expect((await getSendPort(adminApi, port)).certificate?.thumbprint).toBe(renewed.thumbprint);
    }

    // The audit log: three certificate.assign entries, one per port, in one batch.
    await page.goto('/audit?action=certificate.assign');
    const audit = page.getByRole('grid', { name: 'Audit log' });
    const batchRows = audit.getByRole('row').filter({ hasText: batch.slice(0, 8) });
    await expect(batchRows).toHaveCount(3);
    for (const port of PORTS) await expect(batchRows.filter({ hasText: port })).toHaveCount(1);
  } finally {
    renewed.remove();
  }
});
