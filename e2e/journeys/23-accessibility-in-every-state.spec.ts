import type { Locator } from '@playwright/test';
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
  /** The certificate typed in; a certificate's common name shows once the page has looked it up. */
  certificate: (demo: DemoCertificates) => { thumbprint: string; subjectCommonName: string | null };
  /** What the page shows once the certificate is looked up. */
  shows: RegExp;
};

const STATES: PresenceState[] = [
  { state: 'present', certificate: (demo) => demo.validEverywhere, shows: /Present/ },
  {
    state: 'missing',
    certificate: (demo) => demo.onBts01NotBts02,
    shows: /Missing: messages will be suspended on BTS02/,
  },
  { state: 'not yet valid', certificate: (demo) => demo.notYetValid, shows: /Not yet valid/ },
  { state: 'expired', certificate: (demo) => demo.expired, shows: /Expired/ },
  { state: 'not for encryption', certificate: (demo) => demo.signingOnly, shows: /Present/ },
  {
    state: 'not found',
    certificate: () => ({ thumbprint: '0123456789ABCDEF0123456789ABCDEF01234567', subjectCommonName: null }),
    shows: /No certificate with this thumbprint/,
  },
];

/**
 * Types each state's thumbprint into the Certificate page, opened once, and scans the page as it shows
 * that state: the page looks up what is typed, so each state is shown as a person typing it would see it.
 * Before each scan the page must show the certificate just typed (its common name), not the one before.
 */
async function scanPresence(
  dialog: Locator,
  testInfo: Parameters<typeof expectAccessible>[1],
  demo: DemoCertificates,
  prefix: string,
) {
  for (const { state, certificate, shows } of STATES) {
    await test.step(`${prefix}${state}`, async () => {
      const { thumbprint, subjectCommonName } = certificate(demo);
      await dialog.getByRole('textbox', { name: 'Thumbprint' }).fill(thumbprint);
      if (subjectCommonName !== null) {
        await expect(dialog.getByText(subjectCommonName, { exact: true })).toBeVisible();
      }
      await expect(dialog.getByText(shows).first()).toBeVisible();
      await expectAccessible(dialog.page(), testInfo, `certificate page, ${prefix}${state}`, [dialog]);
    });
  }
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
}

test('the Certificate page and its presence table pass axe in every state', async ({
  page,
  server,
  demo,
}, testInfo) => {
  // Twelve scans: four times the other journeys' guard.
  test.setTimeout(720_000);
  await signIn(page, 'admin');
  await scanPresence(await openCertificatePage(page, ORDERS_APP, PORT), testInfo, demo, '');

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
    await scanPresence(dialog, testInfo, demo, 'BTS02 stopped, ');
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
