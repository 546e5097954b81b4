import { ACCOUNTS, SHIPPING_APP, expect, panes, signIn, test } from '../support/fixtures';

const APPLICATION = 'Contoso.Bulk';
const PORTS = 450;
const WRONG_PASSWORD = /The user name or password is incorrect/;
const portName = (index: number) => `SP.Bulk.${String(index).padStart(4, '0')}.FILE`;

// An application with more ports than one page of the list: the grid says how many there are in all,
// reads later pages as they are scrolled to, and the server filters and orders the whole list.
test('a long Send Ports list says its total, scrolls to its last port, and filters and sorts all of it', async ({
  page,
  adminApi,
}) => {
  const created = await adminApi.post('/api/applications', { data: { name: APPLICATION } });
  expect(created.status(), await created.text()).toBe(201);
  // Shipping's own export, its first port copied PORTS times under new names and without a certificate.
  const exported = await (await adminApi.get(`/api/applications/${SHIPPING_APP}/bindings`)).text();
  const firstPort = /<SendPort Name="[^"]*"[\s\S]*?<\/SendPort>/.exec(exported)?.[0];
  expect(firstPort).toBeDefined();
  const template = firstPort!.replace(/<EncryptionCert [^>]*\/>\s*/, '');
  const ports = Array.from({ length: PORTS }, (_, index) =>
    template.replace(/^<SendPort Name="[^"]*"/, `<SendPort Name="${portName(index + 1)}"`),
  ).join('\n');
  const file = exported
    .replace(
      /<SendPortCollection>[\s\S]*<\/SendPortCollection>/,
      `<SendPortCollection>${ports}</SendPortCollection>`,
    )
    .replaceAll(SHIPPING_APP, APPLICATION);
  const imported = await adminApi.post(`/api/applications/${APPLICATION}/bindings`, {
    data: file,
    headers: { 'content-type': 'application/xml' },
  });
  expect(imported.status(), await imported.text()).toBe(200);

  // Which rows the console asked the server for, by their offsets.
  const offsets: number[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname === `/api/applications/${APPLICATION}/send-ports`)
      offsets.push(Number(url.searchParams.get('offset')));
  });
  await page.goto(`/applications/${APPLICATION}/send-ports`);
  // A mistyped password first: the sign-in page says so in its message bar, whose code it loads only then.
  await page.getByRole('textbox', { name: 'User name' }).fill(ACCOUNTS.reader.username);
  await page.getByLabel('Password', { exact: true }).fill(`${ACCOUNTS.reader.password}-mistyped`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText(WRONG_PASSWORD)).toBeVisible();
  await signIn(page, 'reader');
  const grid = page.getByRole('grid', { name: 'Send Ports' });
  await expect(grid.getByRole('row', { name: new RegExp(portName(1)) })).toBeVisible();
  await expect(page.getByText(`${PORTS} items`)).toBeVisible();
  await expect(grid).toHaveAttribute('aria-rowcount', String(PORTS + 1));

  // The last port is on a later page than the first: End goes there, and its row is read and shown.
  await grid.getByRole('row', { name: new RegExp(portName(1)) }).click();
  await page.keyboard.press('End');
  const last = grid.getByRole('row', { name: new RegExp(portName(PORTS)) });
  await expect(last).toBeVisible();
  await expect(last).toHaveAttribute('aria-selected', 'true');
  // Read in pages: the first when the list opened, the last one's when it was scrolled to.
  expect(offsets).toContain(0);
  expect(offsets.some((offset) => offset > 0 && offset < PORTS)).toBe(true);
  await expect(
    panes.actions(page).getByRole('region', { name: `Actions: ${portName(PORTS)}` }),
  ).toBeVisible();

  // The filter looks through every port, not only the pages read.
  await page.getByRole('searchbox', { name: 'Filter Send Ports' }).fill(portName(377));
  await expect(grid).toHaveAttribute('aria-rowcount', '2');
  await expect(grid.getByRole('row', { name: new RegExp(portName(377)) })).toBeVisible();
  await expect(page.getByText(`1 of ${PORTS}`)).toBeVisible();

  // Ordered by name the other way, the last port of all comes first.
  await page.getByRole('searchbox', { name: 'Filter Send Ports' }).fill('');
  await expect(grid).toHaveAttribute('aria-rowcount', String(PORTS + 1));
  await grid.getByRole('columnheader', { name: 'Name' }).click();
  await expect(grid.getByRole('columnheader', { name: 'Name' })).toHaveAttribute('aria-sort', 'descending');
  await expect(grid.locator('[aria-rowindex="2"]')).toContainText(portName(PORTS));
});
