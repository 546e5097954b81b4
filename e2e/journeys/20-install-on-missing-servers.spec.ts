import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  GROUP_NAME,
  SHIPPING_APP,
  expandTreeItem,
  expect,
  expectAccessible,
  makePartnerCertificate,
  openCertificatePage,
  panes,
  signIn,
  stagePartnerOnBts01Only,
  test,
  treeItem,
} from '../support/fixtures';

// DESIGN §12 "Install on missing servers": the procedure's warning mended from the console. A certificate
// missing on one processing server suspends the messages that server handles; the administrator installs it
// there from the Group Hub, resumes the message, and it is delivered.
// Started, handled by BizTalkServerApplication (host instances on BTS01 and BTS02).
const PORT = 'SP.Shipping.Tracking.WCF';
const MESSAGE = '<Tracking xmlns="http://northwindtraders.com/tracking"><Parcel>NW-2020</Parcel></Tracking>';

// Valid for 45 days: fine for the pipeline, and never taken for the demo group's own cases.
let partner: ReturnType<typeof makePartnerCertificate>;

test.beforeAll(() => {
  partner = makePartnerCertificate('Northwind Traders Parcels', {
    organization: 'Northwind Traders',
    days: 45,
  });
});

test.afterAll(() => {
  partner.remove();
});

test.beforeEach(async ({ adminApi }) => {
  await stagePartnerOnBts01Only(adminApi, PORT, partner);
});

test('the missing server is fixed with Install on missing servers, and the suspended message is resumed and delivered', async ({
  page,
  adminApi,
}, testInfo) => {
  await signIn(page, 'admin');

  // Assigning the certificate, the presence panel says BTS02 lacks it and offers both remedies.
  const properties = await openCertificatePage(page, SHIPPING_APP, PORT);
  await properties.getByRole('textbox', { name: 'Thumbprint' }).fill(partner.thumbprint);
  const presence = properties.getByRole('table', { name: 'Presence on processing servers' });
  await expect(presence).toContainText('Missing: messages will be suspended on BTS02');
  await expect(properties.getByRole('button', { name: 'Install on missing servers' })).toBeVisible();
  await expect(properties.getByRole('link', { name: 'PowerShell script' })).toBeVisible();
  await properties.getByRole('button', { name: 'OK' }).click();
  const confirmation = page.getByRole('alertdialog');
  await expect(confirmation).toContainText('BTS02');
  const [assigned] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'PUT' && r.url().endsWith('/certificate')),
    confirmation.getByRole('button', { name: 'Assign anyway' }).click(),
  ]);
  expect(assigned.status()).toBe(200);

  // A message that BTS02 processes is suspended there.
  const sent = await adminApi.post(`/api/send-ports/${PORT}/test-message?server=BTS02`, {
    data: MESSAGE,
    headers: { 'Content-Type': 'application/xml' },
  });
  expect(sent.status()).toBe(201);
  const suspended = (await sent.json()) as { instanceId: string; status: string; server: string };
  expect(suspended).toMatchObject({ status: 'Suspended (resumable)', server: 'BTS02' });

  // The Group Hub names the problem, with the same two remedies beside it.
  await treeItem(page, GROUP_NAME).getByText(GROUP_NAME, { exact: true }).first().click();
  await expect(page.getByRole('heading', { name: 'Group Hub' })).toBeVisible();
  await expect(page.getByRole('list', { name: `Problems of ${PORT}` })).toContainText('BTS02');
  const install = page.getByRole('button', { name: `Install on missing servers (${PORT})` });
  const script = page.getByRole('link', { name: `PowerShell script (${PORT})` });
  await expect(install).toBeVisible();
  await expectAccessible(page, testInfo, 'Group Hub with Install on missing servers', [panes.results(page)]);

  // The script, for the real servers: it names BTS02 only and embeds the certificate openssl recognises.
  const [download] = await Promise.all([page.waitForEvent('download'), script.click()]);
  expect(download.suggestedFilename()).toMatch(/^Install-Northwind-Traders-Parcels-[0-9A-F]{8}\.ps1$/);
  const scriptPath = join(partner.folder, download.suggestedFilename());
  await download.saveAs(scriptPath);
  const text = readFileSync(scriptPath, 'utf8');
  expect(/^\$Servers = @\((.*)\)\r$/m.exec(text)?.[1]).toBe("'BTS02'");
  expect(text).not.toContain('BTS01');
  const base64 = [
    ...(/^\$CertificateBase64 = @\(\r\n([\s\S]*?)\r\n\) -join ''/m.exec(text)?.[1] ?? '').matchAll(
      /'([A-Za-z0-9+/=]+)'/g,
    ),
  ]
    .map((match) => match[1])
    .join('');
  const fingerprint = execFileSync('openssl', ['x509', '-inform', 'DER', '-noout', '-fingerprint', '-sha1'], {
    input: Buffer.from(base64, 'base64'),
  }).toString();
  expect(fingerprint.replace(/^.*=/, '').replace(/[:\s]/g, '')).toBe(partner.thumbprint);

  // Install on missing servers: copied into BTS02's Other People store, and the problem is gone.
  const [installed] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/installations')),
    install.click(),
  ]);
  expect(installed.status()).toBe(201);
  expect(installed.request().postDataJSON()).toEqual({ computers: ['BTS02'] });
  await expect(page.getByText('Installed on BTS02', { exact: true })).toBeVisible();
  await expect(page.getByRole('list', { name: `Problems of ${PORT}` })).toBeHidden();

  // Resume the suspended instance: it is delivered, and the partner's key opens what was delivered.
  await page.getByRole('link', { name: `1 suspended instance of ${PORT}` }).click();
  const instances = page.getByRole('grid', { name: 'Suspended Instances' });
  await expect(instances).toBeVisible();
  const checkboxes = instances.getByRole('checkbox', { name: new RegExp(`^Select ${PORT} instance`) });
  await expect(checkboxes).toHaveCount(1);
  await checkboxes.check();
  await page.getByRole('complementary', { name: 'Actions' }).getByRole('button', { name: 'Resume' }).click();
  await expect(page.getByRole('list', { name: 'Outcome of each instance' })).toContainText(
    'delivered, encrypted',
  );
  const instance = await adminApi.get(`/api/instances/${suspended.instanceId}`);
  expect(await instance.json()).toMatchObject({ status: 'Delivered', server: 'BTS02', encrypted: true });
  const output = await adminApi.get(`/api/instances/${suspended.instanceId}/output`);
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

  // The audit log has the installation, once.
  const audit = await adminApi.get(`/api/audit?action=store.install&target=${partner.thumbprint}`);
  expect((await audit.json()) as { total: number }).toMatchObject({ total: 1 });
});

test('Certificates → Alerts shows the alerts the scheduler raised at start', async ({ page }, testInfo) => {
  await signIn(page, 'reader');
  await expandTreeItem(page, 'Certificates');
  await treeItem(page, 'Certificates').getByRole('treeitem', { name: 'Alerts', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Alerts' })).toBeVisible();
  const alerts = page.getByRole('table', { name: 'Alerts' });
  // The demo group: Fabrikam's certificate expires in about 10 days, Northwind's has expired.
  await expect(alerts.getByRole('row', { name: /^Fabrikam Invoicing Encryption: Expiring/ })).toContainText(
    'threshold 14 days',
  );
  await expect(alerts.getByRole('row', { name: /^Northwind Traders Shipping: Expired/ })).toContainText(
    'No webhook',
  );
  await expectAccessible(page, testInfo, 'Alerts', [panes.results(page)]);
});
