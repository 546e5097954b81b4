import type { Page } from '@playwright/test';
import {
  ORDERS_APP,
  clearCertificate,
  expect,
  getSendPort,
  openCertificatePage,
  signIn,
  test,
} from '../support/fixtures';

// DESIGN §3: the API decides; its refusal appears next to the Thumbprint box, in its own words.
const PORT = 'SP.Orders.Secure.HTTP';

type Problem = {
  status: number;
  code: string;
  detail?: string;
  errors?: { path: string; code: string; message: string }[];
};

/** Saves, and returns the API's refusal: its field message for the Thumbprint box, and its detail. */
async function saveAndReadRefusal(
  page: Page,
  click: () => Promise<void>,
): Promise<{ problem: Problem; words: string[] }> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'PUT' && r.url().endsWith('/certificate')),
    click(),
  ]);
  expect(response.status()).toBe(422);
  const problem = (await response.json()) as Problem;
  const fieldMessage = problem.errors?.find((error) => error.path === 'thumbprint')?.message;
  const words = [fieldMessage, problem.detail].filter((text): text is string => Boolean(text));
  expect(words.length).toBeGreaterThan(0);
  return { problem, words };
}

test.beforeEach(async ({ adminApi }) => {
  await clearCertificate(adminApi, PORT);
});

test('the refusals of the API show next to the Thumbprint box, and nothing is saved', async ({
  page,
  adminApi,
  demo,
}) => {
  await signIn(page, 'admin');
  const dialog = await openCertificatePage(page, ORDERS_APP, PORT);
  const thumbprint = dialog.getByRole('textbox', { name: 'Thumbprint' });
  const before = await getSendPort(adminApi, PORT);

  const cases = [
    {
      what: 'not in any Other People store',
      typed: 'DEADBEEF'.repeat(5),
      code: 'certificate-not-found',
      expected: /No certificate with thumbprint .+ is in .*Other People store/,
    },
    { what: 'expired', typed: demo.expired.thumbprint, code: 'certificate-expired', expected: /expired/i },
    {
      what: 'not for encryption',
      typed: demo.signingOnly.thumbprint,
      code: 'certificate-not-for-encryption',
      expected: /encrypt/i,
    },
  ];

  for (const { what, typed, code, expected } of cases) {
    await test.step(what, async () => {
      await thumbprint.fill(typed);
      const { problem, words } = await saveAndReadRefusal(page, () =>
        dialog.getByRole('button', { name: 'Apply' }).click(),
      );
      expect(problem.code === code || problem.errors?.some((error) => error.code === code)).toBe(true);
      expect(words.join(' ')).toMatch(expected);
      await expect(dialog).toBeVisible();
      await expect(thumbprint).toHaveAttribute('aria-invalid', 'true');
      // The console may show the field's message or the whole detail; either way, the API's own words.
      const shown = words.map((text) => dialog.getByText(text)).reduce((any, next) => any.or(next));
      await expect(shown.first()).toBeVisible();
      await expect(thumbprint).toHaveAccessibleDescription(expected);
    });
  }

  const after = await getSendPort(adminApi, PORT);
  expect(after.version).toBe(before.version);
  expect(after.certificate).toBeNull();
});
