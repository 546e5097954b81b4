import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import {
  apiAs,
  assignCertificate,
  clearCertificate,
  expect,
  getSendPort,
  makePartnerCertificate,
  panes,
  signIn,
  test,
} from '../support/fixtures';

// DESIGN §12, journey (b): Wide World Importers sent their next certificate, valid only from next week. The
// administrator schedules the replacement for that date; the clock moves past it (the test clock, ADR 017)
// and the ports switch, without anyone touching them.
const PORTS = ['SP.Invoicing.Archive.FILE', 'SP.Invoicing.Reminder.SMTP'];
const COMPUTERS = ['ADMIN01', 'BTS01', 'BTS02'];
const HOUR = 60 * 60 * 1000;

async function openInUse(page: Page) {
  await page.goto('/certificates/in-use');
  const grid = page.getByRole('grid', { name: 'In Use' });
  await expect(grid).toBeVisible();
  return grid;
}

test('a successor valid from next week is scheduled, the clock moves past it, and the ports switch', async ({
  page,
  server,
  adminApi,
  demo,
}) => {
  const successor = demo.notYetValid;
  const current = makePartnerCertificate('Wide World Importers 2026', {
    organization: 'Wide World Importers',
  });
  try {
    for (const computer of COMPUTERS) {
      const imported = await adminApi.post(`/api/computers/${computer}/stores/other-people/certificates`, {
        headers: { 'Content-Type': 'application/octet-stream' },
        data: readFileSync(current.cerPath),
      });
      expect(imported.status(), `importing the current certificate into ${computer}`).toBe(201);
    }
    for (const port of PORTS) {
      await clearCertificate(adminApi, port);
      await assignCertificate(adminApi, port, current.thumbprint);
    }

    await signIn(page, 'admin');
    const inUse = await openInUse(page);
    await inUse
      .getByRole('row')
      .filter({ hasText: current.thumbprint })
      .getByRole('gridcell')
      .first()
      .click();
    await panes.actions(page).getByRole('button', { name: 'Replace certificate...' }).click();
    const wizard = page.getByRole('dialog', { name: 'Replace certificate - Wide World Importers 2026' });
    await wizard.getByRole('searchbox', { name: 'Filter certificates' }).fill(successor.thumbprint);
    await wizard
      .getByRole('grid', { name: 'Successor candidates' })
      .getByRole('row')
      .filter({ hasText: successor.thumbprint })
      .getByRole('gridcell')
      .first()
      .click();
    await wizard.getByRole('button', { name: 'Next' }).click();

    const preview = wizard.getByRole('table', { name: 'Preview' });
    for (const port of PORTS) await expect(preview).toContainText(port);
    await expect(wizard).toContainText('Not valid until');
    await wizard.getByRole('button', { name: 'Next' }).click();
    // A successor that is not valid yet is scheduled for its Not Before unless the administrator says otherwise.
    await expect(wizard.getByRole('radio', { name: 'Schedule for a date and time' })).toBeChecked();
    await wizard.getByRole('button', { name: 'Schedule' }).click();
    await expect(wizard).toContainText(`Scheduled for`);
    await expect(wizard).toContainText('2 send ports switch to Wide World Importers Encryption then');
    await wizard.getByRole('button', { name: 'Close' }).click();

    const scheduled = page.getByRole('table', { name: 'Scheduled replacements' });
    const pending = scheduled.getByRole('row').filter({ hasText: 'Wide World Importers 2026' });
    await expect(pending).toContainText('Pending');
    for (const port of PORTS) {
      expect((await getSendPort(adminApi, port)).certificate?.thumbprint).toBe(current.thumbprint);
    }

    // A week later, and an hour past the successor's Not Before.
    const later = new Date(Date.parse(successor.notBefore) + HOUR).toISOString();
    const moved = await adminApi.post('/api/test-clock', { data: { at: later } });
    expect(moved.ok(), `moving the clock: ${await moved.text()}`).toBe(true);

    // A week is longer than any session: both sign in again.
    const api = await apiAs(server.url, 'admin');
    try {
      for (const port of PORTS) {
        expect((await getSendPort(api, port)).certificate?.thumbprint).toBe(successor.thumbprint);
      }
    } finally {
      await api.dispose();
    }
    await page.goto('/sign-in');
    await signIn(page, 'admin');
    const after = await openInUse(page);
    const switched = after.getByRole('row').filter({ hasText: successor.thumbprint });
    for (const port of PORTS) await expect(switched).toContainText(port);
    await expect(after.getByRole('row').filter({ hasText: current.thumbprint })).toHaveCount(0);
    await expect(
      page
        .getByRole('table', { name: 'Scheduled replacements' })
        .getByRole('row')
        .filter({ hasText: 'Wide World Importers 2026' }),
    ).toContainText('Done');
  } finally {
    current.remove();
  }
});
