import type { Page } from '@playwright/test';
import {
  GROUP_NAME,
  expandTreeItem,
  expect,
  keepScreenshot,
  makePartnerCertificate,
  signIn,
  storeCertificates,
  test,
  treeItem,
} from '../support/fixtures';

// An administrator imports a partner's public certificate into BTS02's Other People store from a file.
const COMPUTER = 'BTS02';

async function openOtherPeopleStore(page: Page): Promise<void> {
  await expandTreeItem(page, GROUP_NAME);
  await expandTreeItem(page, 'Certificates');
  await expandTreeItem(page, COMPUTER);
  await treeItem(page, COMPUTER).getByRole('treeitem', { name: 'Other People', exact: true }).click();
  await expect(page.getByRole('grid', { name: 'Other People' })).toBeVisible();
}

async function importFile(page: Page, path: string): Promise<void> {
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.getByRole('button', { name: 'Import...' }).click(),
  ]);
  await chooser.setFiles(path);
}

test('a .cer file is imported into the Other People store of BTS02, and a .pfx is refused', async ({
  page,
  adminApi,
}, testInfo) => {
  const commonName = `E2E Partner ${Date.now().toString(36)}`;
  const partner = makePartnerCertificate(commonName);
  try {
    await signIn(page, 'admin');
    await openOtherPeopleStore(page);
    const grid = page.getByRole('grid', { name: 'Other People' });
    const results = page.getByRole('list', { name: 'Import results' });
    await expect(grid).not.toContainText(commonName);

    await importFile(page, partner.cerPath);
    await expect(results.getByRole('listitem').filter({ hasText: `Imported ${commonName}` })).toBeVisible();
    await expect(grid.getByRole('row').filter({ hasText: commonName })).toBeVisible();
    await keepScreenshot(page, testInfo, 'other-people-import');
    const stored = await storeCertificates(adminApi, COMPUTER);
    expect(stored.map((certificate) => certificate.thumbprint)).toContain(partner.thumbprint);

    await importFile(page, partner.pfxPath);
    await expect(
      results.getByRole('listitem').filter({ hasText: /PKCS ?#?12|\.pfx|private key/i }),
    ).toBeVisible();
    expect((await storeCertificates(adminApi, COMPUTER)).length).toBe(stored.length);
  } finally {
    await adminApi.delete(
      `/api/computers/${COMPUTER}/stores/other-people/certificates/${partner.thumbprint}`,
    );
    partner.remove();
  }
});
