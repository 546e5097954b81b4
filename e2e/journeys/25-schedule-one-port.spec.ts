import {
  apiAs,
  assignCertificate,
  clearCertificate,
  expect,
  getSendPort,
  importIntoEveryStore,
  INVOICING_APP,
  makePartnerCertificate,
  openCertificatePage,
  signIn,
  test,
} from '../support/fixtures';

// DESIGN §3 d and §12: two send ports share Wide World Importers' certificate. The partner's successor is
// valid only from next week, and the administrator wants it on one of them. On that port's Certificate page
// the confirmation offers "Schedule for <date>": exactly this port switches when the date comes; the other
// keeps the certificate it has.
const SCHEDULED_PORT = 'SP.Invoicing.Archive.FILE';
const OTHER_PORT = 'SP.Invoicing.Reminder.SMTP';
const HOUR = 60 * 60 * 1000;

test('one port of a shared certificate is scheduled from its Certificate page, and only it switches', async ({
  page,
  server,
  adminApi,
  demo,
}) => {
  const successor = demo.notYetValid;
  const current = makePartnerCertificate('Wide World Importers Shared', {
    organization: 'Wide World Importers',
  });
  try {
    await importIntoEveryStore(adminApi, current.cerPath);
    for (const port of [SCHEDULED_PORT, OTHER_PORT]) {
      await clearCertificate(adminApi, port);
      await assignCertificate(adminApi, port, current.thumbprint);
    }

    await signIn(page, 'admin');
    const properties = await openCertificatePage(page, INVOICING_APP, SCHEDULED_PORT);
    await properties.getByRole('textbox', { name: 'Thumbprint' }).fill(successor.thumbprint);
    await properties.getByRole('button', { name: 'OK' }).click();
    const confirmation = page.getByRole('alertdialog');
    await expect(confirmation).toContainText('is not valid until');
    const [scheduled] = await Promise.all([
      page.waitForResponse(
        (r) => r.request().method() === 'POST' && r.url().endsWith('/api/certificate-replacements'),
      ),
      confirmation.getByRole('button', { name: /^Schedule for / }).click(),
    ]);
    expect(scheduled.status(), await scheduled.text()).toBe(201);
    expect(scheduled.request().postDataJSON()).toMatchObject({
      from: current.thumbprint,
      to: successor.thumbprint,
      ports: [{ name: SCHEDULED_PORT }],
      onlyListedPorts: true,
    });
    await expect(properties).toBeHidden();
    for (const port of [SCHEDULED_PORT, OTHER_PORT]) {
      expect((await getSendPort(adminApi, port)).certificate?.thumbprint).toBe(current.thumbprint);
    }

    // A week later, and an hour past the successor's Not Before.
    const later = new Date(Date.parse(successor.notBefore) + HOUR).toISOString();
    const moved = await adminApi.post('/api/test-clock', { data: { at: later } });
    expect(moved.ok(), `moving the clock: ${await moved.text()}`).toBe(true);

    const api = await apiAs(server.url, 'admin');
    try {
      expect((await getSendPort(api, SCHEDULED_PORT)).certificate?.thumbprint).toBe(successor.thumbprint);
      expect((await getSendPort(api, OTHER_PORT)).certificate?.thumbprint).toBe(current.thumbprint);
    } finally {
      await api.dispose();
    }

    // Certificates → In Use shows each certificate with its own port now.
    await page.goto('/sign-in');
    await signIn(page, 'admin');
    await page.goto('/certificates/in-use');
    const inUse = page.getByRole('grid', { name: 'In Use' });
    await expect(inUse.getByRole('row').filter({ hasText: successor.thumbprint })).toContainText(
      SCHEDULED_PORT,
    );
    const stays = inUse.getByRole('row').filter({ hasText: current.thumbprint });
    await expect(stays).toContainText(OTHER_PORT);
    await expect(stays).not.toContainText(SCHEDULED_PORT);
    await expect(
      page
        .getByRole('table', { name: 'Scheduled replacements' })
        .getByRole('row')
        .filter({ hasText: 'Wide World Importers Shared' }),
    ).toContainText('Done');
  } finally {
    current.remove();
  }
});
