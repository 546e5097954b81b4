import {
  ORDERS_APP,
  clearCertificate,
  expect,
  getSendPort,
  openCertificatePage,
  signIn,
  test,
} from '../support/fixtures';

// DESIGN §4: each malformed thumbprint is refused as it is typed, next to the box, saying what to do.
const PORT = 'SP.Orders.Status.WCF';
const HEX40 = '0123456789ABCDEF0123456789ABCDEF01234567';

const cases = [
  {
    what: 'a digit too few',
    typed: HEX40.slice(0, 39),
    message: 'A thumbprint has 40 hexadecimal digits; this has 39',
  },
  {
    what: 'a letter that is not hexadecimal',
    typed: `0123456789ABG${HEX40.slice(13)}`,
    message: "'G' at position 13 is not a hexadecimal digit",
  },
  { what: 'a SHA-256 fingerprint', typed: `${HEX40}${HEX40.slice(0, 24)}`, message: /SHA-256 fingerprint/ },
  { what: 'an MD5 fingerprint', typed: HEX40.slice(0, 32), message: /MD5 fingerprint/ },
];

function asPattern(message: string | RegExp): RegExp {
  return typeof message === 'string' ? new RegExp(message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : message;
}

test.beforeEach(async ({ adminApi }) => {
  await clearCertificate(adminApi, PORT);
});

test('each format error shows inline, and nothing is saved', async ({ page, adminApi }) => {
  await signIn(page, 'admin');
  const dialog = await openCertificatePage(page, ORDERS_APP, PORT);
  const thumbprint = dialog.getByRole('textbox', { name: 'Thumbprint' });
  const before = await getSendPort(adminApi, PORT);

  for (const { what, typed, message } of cases) {
    await test.step(what, async () => {
      await thumbprint.fill(typed);
      await expect(thumbprint).toHaveAttribute('aria-invalid', 'true');
      await expect(thumbprint).toHaveAccessibleDescription(asPattern(message));
      await expect(dialog.getByText(message)).toBeVisible();
    });
  }

  await test.step('an empty box', async () => {
    await thumbprint.fill(HEX40);
    await thumbprint.fill('');
    await dialog.getByRole('button', { name: 'OK' }).click();
    await expect(dialog).toBeVisible();
    await expect(thumbprint).toHaveAttribute('aria-invalid', 'true');
    await expect(dialog.getByText('Enter a thumbprint', { exact: true })).toBeVisible();
  });

  await test.step('OK with an error keeps the dialog open and saves nothing', async () => {
    await thumbprint.fill(HEX40.slice(0, 39));
    await dialog.getByRole('button', { name: 'OK' }).click();
    await expect(dialog).toBeVisible();
    const after = await getSendPort(adminApi, PORT);
    expect(after.version).toBe(before.version);
    expect(after.certificate).toBeNull();
  });
});
