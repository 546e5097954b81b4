import type { Locator, Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  GROUP_NAME,
  SHIPPING_APP,
  expandTreeItem,
  expect,
  expectAccessible,
  keepScreenshot,
  makePartnerCertificate,
  openCertificatePage,
  panes,
  portRow,
  publishScreenshot,
  signIn,
  stagePartnerOnBts01Only,
  test,
  treeItem,
} from '../support/fixtures';

// The procedure's warning made visible (DESIGN §8): a certificate missing on one processing server
// suspends the messages that server handles, until the certificate is installed there and they are resumed.
// Started, handled by BizTalkServerApplication (host instances on BTS01 and BTS02), and no other journey's.
const PORT = 'SP.Shipping.Tracking.WCF';
const MESSAGE = '<Tracking xmlns="http://northwindtraders.com/tracking"><Parcel>NW-4711</Parcel></Tracking>';

type TestMessageResult = {
  instanceId: string;
  status: string;
  server: string | null;
  sendPort: string;
  encrypted: boolean;
  error?: string;
};

type Partner = ReturnType<typeof makePartner>;

/**
 * The partner's certificate and private key, made for this journey, so openssl can decrypt what is delivered.
 * It is valid for 45 days: valid for the pipeline, but short of what the demo fixture calls healthy, so it is
 * never taken for the demo group's own "on BTS01 but not BTS02" case.
 */
function makePartner() {
  const commonName = 'Northwind Traders Tracking';
  return {
    commonName,
    ...makePartnerCertificate(commonName, { organization: 'Northwind Traders', days: 45 }),
  };
}

async function sendOne(page: Page, dialog: Locator): Promise<TestMessageResult> {
  const [response] = await Promise.all([
    page.waitForResponse(
      (r) =>
        r.request().method() === 'POST' &&
        r.url().includes(`/send-ports/`) &&
        r.url().includes('/test-message'),
    ),
    dialog.getByRole('button', { name: 'Send', exact: true }).click(),
  ]);
  expect(response.status()).toBe(201);
  return (await response.json()) as TestMessageResult;
}

let partner: Partner;

test.beforeAll(async () => {
  partner = makePartner();
});

// The journey's server, and what it did to its data, go when the file is done.
test.afterAll(() => {
  partner.remove();
});

test.beforeEach(async ({ adminApi }) => {
  await stagePartnerOnBts01Only(adminApi, PORT, partner);
});

test('a message suspended on the server without the certificate is delivered once it is imported and resumed', async ({
  page,
  adminApi,
}, testInfo) => {
  await signIn(page, 'admin');

  // Assign the certificate, acknowledging that BTS02 lacks it.
  const properties = await openCertificatePage(page, SHIPPING_APP, PORT);
  await properties.getByRole('textbox', { name: 'Thumbprint' }).fill(partner.thumbprint);
  await properties.getByRole('button', { name: 'OK' }).click();
  const confirmation = page.getByRole('alertdialog');
  await expect(confirmation).toContainText('BTS02');
  const [assigned] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'PUT' && r.url().endsWith('/certificate')),
    confirmation.getByRole('button', { name: 'Assign anyway' }).click(),
  ]);
  expect(assigned.status()).toBe(200);
  expect(assigned.request().postDataJSON()).toMatchObject({ acknowledgeMissingOn: ['BTS02'] });

  // Send two test messages from the port's context menu: the two servers take turns.
  const grid = page.getByRole('grid', { name: 'Send Ports' });
  await portRow(grid, PORT).getByText(PORT, { exact: true }).click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'Send test message' }).click();
  const dialog = page.getByRole('dialog', { name: `Send test message - ${PORT}` });
  await expect(dialog).toBeVisible();
  await expect(page).toHaveURL(/\/send-ports\/SP\.Shipping\.Tracking\.WCF\/test-message$/);
  await dialog.getByRole('textbox', { name: 'Message' }).fill(MESSAGE);

  const results: TestMessageResult[] = [];
  for (let sent = 0; sent < 2; sent += 1) {
    const result = await sendOne(page, dialog);
    results.push(result);
    if (result.server === 'BTS02') {
      await expect(dialog.getByText('Suspended (resumable)', { exact: true })).toBeVisible();
      await expect(dialog).toContainText(`On BTS02: `);
      await expect(dialog).toContainText(partner.thumbprint);
      await expect(
        dialog.getByRole('link', { name: 'Open the instance in Suspended Instances' }),
      ).toBeVisible();
    } else {
      await expect(dialog.getByText('Delivered', { exact: true })).toBeVisible();
      await expect(dialog.getByRole('link', { name: 'Download output' })).toBeVisible();
    }
  }
  expect(results.map((result) => result.server).sort()).toEqual(['BTS01', 'BTS02']);
  const suspended = results.find((result) => result.server === 'BTS02');
  expect(suspended?.status).toBe('Suspended (resumable)');
  expect(results.find((result) => result.server === 'BTS01')).toMatchObject({
    status: 'Delivered',
    encrypted: true,
  });
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();

  // The group node opens the Group Hub, which counts the suspended instance against the port.
  await treeItem(page, GROUP_NAME).getByText(GROUP_NAME, { exact: true }).first().click();
  await expect(page.getByRole('heading', { name: 'Group Hub' })).toBeVisible();
  const suspendedLink = page.getByRole('link', { name: `1 suspended instance of ${PORT}` });
  await expect(suspendedLink).toBeVisible();
  await expect(page.getByRole('list', { name: `Problems of ${PORT}` })).toContainText('BTS02');
  // The problems say their number and their order, and the table as many rows as that (it draws those in view).
  const problemsCount = page.getByText(/^\d+ send ports?, by application then send port name$/);
  await expect(problemsCount).toBeVisible();
  const problemPorts = Number(/^\d+/.exec((await problemsCount.textContent()) ?? '')?.[0]);
  await expect(
    page.getByRole('table', { name: 'Certificate problems on processing servers' }),
  ).toHaveAttribute('aria-rowcount', String(problemPorts + 1));
  publishScreenshot(await keepScreenshot(page, testInfo, 'group-hub'), 'group-hub.png');
  await expectAccessible(page, testInfo, 'Group Hub', [panes.results(page)]);

  // Certificates → BTS02 → Other People: import the partner's certificate.
  await expandTreeItem(page, 'Certificates');
  await expandTreeItem(page, 'BTS02');
  await treeItem(page, 'BTS02').getByRole('treeitem', { name: 'Other People', exact: true }).click();
  await expect(page.getByRole('grid', { name: 'Other People' })).toBeVisible();
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.getByRole('button', { name: 'Import...' }).click(),
  ]);
  await chooser.setFiles(partner.cerPath);
  await expect(
    page
      .getByRole('list', { name: 'Import results' })
      .getByRole('listitem')
      .filter({ hasText: `Imported ${partner.commonName}` }),
  ).toBeVisible();

  // Back to the Group Hub, on to the port's suspended instances, and resume the one of BTS02.
  await treeItem(page, GROUP_NAME).getByText(GROUP_NAME, { exact: true }).first().click();
  await suspendedLink.click();
  const instances = page.getByRole('grid', { name: 'Suspended Instances' });
  await expect(instances).toBeVisible();
  const instanceCheckboxes = instances.getByRole('checkbox', {
    name: new RegExp(`^Select ${PORT} instance`),
  });
  await expect(instanceCheckboxes).toHaveCount(1);
  await expectAccessible(page, testInfo, 'Suspended Instances', [panes.results(page), panes.actions(page)]);
  await instanceCheckboxes.check();
  await page.getByRole('complementary', { name: 'Actions' }).getByRole('button', { name: 'Resume' }).click();
  await expect(page.getByRole('list', { name: 'Outcome of each instance' })).toContainText(
    'delivered, encrypted',
  );
  await expect(page.getByText(`No instances of ${PORT} are suspended.`)).toBeVisible();

  // The resumed instance is Delivered, and the partner's key opens what was delivered.
  const instance = await adminApi.get(`/api/instances/${suspended?.instanceId}`);
  expect(await instance.json()).toMatchObject({ status: 'Delivered', server: 'BTS02', encrypted: true });
  const output = await adminApi.get(`/api/instances/${suspended?.instanceId}/output`);
  expect(output.ok()).toBe(true);
  const outputPath = join(partner.folder, 'delivered.p7m');
  writeFileSync(outputPath, await output.body());
  const decrypted = execFileSync('openssl', [
    'smime',
    '-decrypt',
    '-in',
    outputPath,
    '-inkey',
    partner.keyPath,
  ]);
  expect(decrypted.toString()).toBe(MESSAGE);
});
