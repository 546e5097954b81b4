import {
  GROUP_NAME,
  ORDERS_APP,
  SHIPPING_APP,
  expandTreeItem,
  panes,
  treeItem,
  type DemoCertificates,
  expect,
  expectAccessible,
  openCertificatePage,
  setHostInstanceStateOf,
  signIn,
  test,
} from '../support/fixtures';

// Journey 12 scans each screen as the demo group first shows it. A screen also has states the first look
// does not reach: a certificate missing on a server, a processing server whose host instance is stopped, a
// certificate not valid yet or expired. Each is scanned here, with every default axe rule.

// Handled by BizTalkServerApplication, so processed on BTS01 and BTS02. Nothing is saved to it here.
const PORT = 'SP.Orders.Notify.SMTP';

type PresenceState = {
  state: string;
  thumbprint: (demo: DemoCertificates) => string;
  /** What the page shows once the certificate is looked up. */
  shows: RegExp;
};

const STATES: PresenceState[] = [
  { state: 'present', thumbprint: (demo) => demo.validEverywhere.thumbprint, shows: /Present/ },
  {
    state: 'missing',
    thumbprint: (demo) => demo.onBts01NotBts02.thumbprint,
    shows: /Missing: messages will be suspended on BTS02/,
  },
  { state: 'not yet valid', thumbprint: (demo) => demo.notYetValid.thumbprint, shows: /Not yet valid/ },
  { state: 'expired', thumbprint: (demo) => demo.expired.thumbprint, shows: /Expired/ },
  { state: 'not for encryption', thumbprint: (demo) => demo.signingOnly.thumbprint, shows: /Present/ },
  {
    state: 'not found',
    thumbprint: () => '0123456789ABCDEF0123456789ABCDEF01234567',
    shows: /No certificate with this thumbprint/,
  },
];

async function scanPresence(
  page: Parameters<typeof openCertificatePage>[0],
  testInfo: Parameters<typeof expectAccessible>[1],
  demo: DemoCertificates,
  prefix: string,
) {
  for (const { state, thumbprint, shows } of STATES) {
    await test.step(`${prefix}${state}`, async () => {
      const dialog = await openCertificatePage(page, ORDERS_APP, PORT);
      await dialog.getByRole('textbox', { name: 'Thumbprint' }).fill(thumbprint(demo));
      await expect(dialog.getByText(shows).first()).toBeVisible();
      await expectAccessible(page, testInfo, `certificate page, ${prefix}${state}`, [dialog]);
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await expect(dialog).toBeHidden();
    });
  }
}

test('the Certificate page and its presence table pass axe in every state', async ({
  page,
  server,
  demo,
}, testInfo) => {
  // Twelve scans: four times the other journeys' guard.
  test.setTimeout(720_000);
  await signIn(page, 'admin');
  await scanPresence(page, testInfo, demo, '');

  // BTS02's host instance stopped: its row says so beside each state of the store.
  await setHostInstanceStateOf(server, {
    hostName: 'BizTalkServerApplication',
    computerName: 'BTS02',
    state: 'Stopped',
  });
  try {
    const dialog = await openCertificatePage(page, ORDERS_APP, PORT);
    const presence = dialog.getByRole('table', { name: 'Presence on processing servers' });
    await dialog.getByRole('textbox', { name: 'Thumbprint' }).fill(demo.onBts01NotBts02.thumbprint);
    await expect(presence.getByRole('row').filter({ hasText: 'BTS02' })).toContainText('Stopped');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await scanPresence(page, testInfo, demo, 'BTS02 stopped, ');
  } finally {
    await setHostInstanceStateOf(server, {
      hostName: 'BizTalkServerApplication',
      computerName: 'BTS02',
      state: 'Running',
    });
  }
});

// What journeys 12, 13, 18 and 20 do not scan: a certificate's details in each state, the picker's rows
// marked with why they cannot be used, the not-yet-valid confirmation and an application's context menu.
// (Journey 12 scans the main screens, every Properties page, the Send Ports context menu, Send test
// message and the missing-server confirmation; 13 the Group Hub and Suspended Instances; 18 In Use and the
// replace wizard; 20 Alerts; 17 and 24 the bindings import dialog.)
test('the screens and dialogs of the other states pass axe', async ({ page, demo }, testInfo) => {
  test.setTimeout(720_000);
  await signIn(page, 'admin');
  for (const [state, certificate] of [
    ['missing on BTS02', demo.onBts01NotBts02],
    ['not yet valid', demo.notYetValid],
    ['expired', demo.expired],
    ['not for encryption', demo.signingOnly],
    ['on ADMIN01 only', demo.consoleOnly],
  ] as const) {
    await test.step(`certificate details, ${state}`, async () => {
      await page.goto(`/certificates/${certificate.thumbprint}`);
      await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
      await expect(panes.results(page).getByText('Loading…')).toHaveCount(0);
      await expect(panes.results(page).getByText(certificate.thumbprint).first()).toBeVisible();
      await expectAccessible(page, testInfo, `certificate details, ${state}`, [
        panes.results(page),
        panes.actions(page),
      ]);
    });
  }

  await test.step('Select Certificate, every certificate with its reason', async () => {
    const dialog = await openCertificatePage(page, ORDERS_APP, PORT);
    await dialog.getByRole('button', { name: 'Browse...' }).click();
    const picker = page.getByRole('dialog', { name: 'Select Certificate' });
    await picker.getByRole('switch', { name: 'Show only certificates this port can use' }).click();
    await expect(picker.getByText('Expired', { exact: true }).first()).toBeVisible();
    await expectAccessible(page, testInfo, 'select-certificate, every row', [picker]);
    await picker.getByRole('button', { name: 'Cancel' }).click();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
  });

  await test.step('Certificate not valid until', async () => {
    const dialog = await openCertificatePage(page, ORDERS_APP, PORT);
    await dialog.getByRole('textbox', { name: 'Thumbprint' }).fill(demo.notYetValid.thumbprint);
    await dialog.getByRole('button', { name: 'OK' }).click();
    const confirmation = page.getByRole('alertdialog', { name: /^Certificate not valid until/ });
    await expect(confirmation).toBeVisible();
    await expectAccessible(page, testInfo, 'not-yet-valid-confirmation', [confirmation]);
    await confirmation.getByRole('button', { name: 'Cancel' }).click();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
  });

  await test.step('application context menu', async () => {
    await page.goto('/');
    await expandTreeItem(page, GROUP_NAME);
    await expandTreeItem(page, 'Applications');
    await treeItem(page, SHIPPING_APP).getByText(SHIPPING_APP, { exact: true }).click({ button: 'right' });
    const menu = page.getByRole('menu', { name: `Actions for ${SHIPPING_APP}` });
    await expect(menu.getByRole('menuitem', { name: 'Refresh' })).toBeVisible();
    await expectAccessible(page, testInfo, 'application-context-menu', [menu]);
    await page.keyboard.press('Escape');
  });
});
