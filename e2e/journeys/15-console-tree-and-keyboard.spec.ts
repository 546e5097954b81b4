import {
  INVOICING_APP,
  ORDERS_APP,
  ORDERS_AS2_PORT,
  expect,
  keepScreenshot,
  openSendPortsByMouse,
  publishScreenshot,
  portRow,
  signIn,
  test,
  treeItem,
} from '../support/fixtures';

const INVOICING_AS2_PORT = 'SP.Invoicing.AS2';

// The console tree and the results grid behave as in MMC: a click selects, focus starts in the tree,
// a grid is one Tab stop, and what may not be used says why.

test('a click selects a tree node without closing it; the chevron and a double-click open and close', async ({
  page,
}) => {
  await signIn(page, 'admin');
  // After sign-in the keyboard is in the console tree, on the selected node.
  await expect(treeItem(page, 'BizTalk Server Administration')).toBeFocused();

  await openSendPortsByMouse(page, ORDERS_APP);
  const application = treeItem(page, ORDERS_APP);
  const label = application.getByText(ORDERS_APP, { exact: true }).first();
  await label.click();
  await expect(application).toHaveAttribute('aria-selected', 'true');
  await expect(application).toHaveAttribute('aria-expanded', 'true');
  // A second click on the label of the selected node: still open.
  await label.click();
  await expect(application).toHaveAttribute('aria-expanded', 'true');
  await expect(application.getByRole('treeitem', { name: 'Send Ports', exact: true })).toBeVisible();

  await label.dblclick();
  await expect(application).toHaveAttribute('aria-expanded', 'false');
  await label.dblclick();
  await expect(application).toHaveAttribute('aria-expanded', 'true');
  // The keys open and close too (WAI-ARIA tree).
  await application.focus();
  await page.keyboard.press('ArrowLeft');
  await expect(application).toHaveAttribute('aria-expanded', 'false');
  await page.keyboard.press('ArrowRight');
  await expect(application).toHaveAttribute('aria-expanded', 'true');
});

test('the Send Ports grid is one Tab stop; the arrows move to its column headers and back', async ({
  page,
}) => {
  await signIn(page, 'admin');
  const grid = await openSendPortsByMouse(page, ORDERS_APP);
  await expect(grid.getByText(ORDERS_AS2_PORT, { exact: true })).toBeVisible();

  const filter = page.getByRole('searchbox', { name: 'Filter Send Ports' });
  await filter.focus();
  // The Refresh button of the toolbar, then the grid: its first row, not a column header.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  const focusedRole = () => page.evaluate(() => document.activeElement?.getAttribute('role') ?? null);
  expect(await focusedRole()).toBe('row');
  const firstRow = grid.getByRole('row').nth(1);
  await expect(firstRow).toBeFocused();

  // One more Tab leaves the grid altogether.
  await page.keyboard.press('Tab');
  const inGrid = await grid.evaluate((element) => element.contains(document.activeElement));
  expect(inGrid).toBe(false);

  await firstRow.focus();
  await page.keyboard.press('ArrowUp');
  const status = grid.getByRole('columnheader', { name: 'Status' });
  await expect(status.getByRole('button')).toBeFocused();
  await page.keyboard.press('ArrowRight');
  const name = grid.getByRole('columnheader', { name: 'Name' });
  await expect(name.getByRole('button')).toBeFocused();
  const ascending = await grid
    .getByRole('row')
    .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-row-id')).filter((id) => id !== null));
  await page.keyboard.press('Enter');
  await expect(name).toHaveAttribute('aria-sort', 'descending');
  // The sorted page comes from the server; the arrow goes to its first row once it is shown, as a user sees it.
  await expect(firstRow).toHaveAttribute('data-row-id', ascending[ascending.length - 1]!);
  await page.keyboard.press('ArrowDown');
  await expect(firstRow).toBeFocused();
});

test('what a read-only user may not use says why, to the keyboard and the mouse', async ({ page }) => {
  await signIn(page, 'reader');
  const grid = await openSendPortsByMouse(page, ORDERS_APP);
  const row = portRow(grid, ORDERS_AS2_PORT);
  await row.click();

  const actions = page.getByRole('complementary', { name: 'Actions' });
  const start = actions.getByRole('button', { name: 'Start' });
  await expect(start).toBeDisabled();
  await expect(start).toHaveAccessibleDescription(/Requires the BizTalk Server Operators/);
  await start.hover();
  await expect(page.getByRole('tooltip')).toContainText('Requires the BizTalk Server Operators');

  await row.click({ button: 'right' });
  const menuStart = page.getByRole('menuitem', { name: 'Start' });
  await expect(menuStart).toBeDisabled();
  await expect(menuStart).toHaveAccessibleDescription(/Requires the BizTalk Server Operators/);
  const testMessage = page.getByRole('menuitem', { name: 'Send test message' });
  await expect(testMessage).toHaveAccessibleDescription(/Requires|started/);
});

for (const { width, height, columns, hidden } of [
  {
    width: 1440,
    height: 900,
    columns: ['Status', 'Name', 'Transport Type', 'URI', 'Send Handler', 'Encryption Certificate'],
    hidden: ['Application'],
  },
  {
    width: 1024,
    height: 768,
    columns: ['Status', 'Name', 'Transport Type', 'URI', 'Encryption Certificate'],
    hidden: ['Application', 'Send Handler'],
  },
]) {
  test(`at ${width} pixels the Send Ports list shows its certificate column without scrolling sideways`, async ({
    page,
  }, testInfo) => {
    await page.setViewportSize({ width, height });
    await signIn(page, 'admin');
    // Fabrikam.Invoicing: its AS2 port's certificate expires soon, so its row has a badge.
    const grid = await openSendPortsByMouse(page, INVOICING_APP);
    await expect(grid.getByText(INVOICING_AS2_PORT, { exact: true })).toBeVisible();
    for (const column of columns) {
      await expect(grid.getByRole('columnheader', { name: column, exact: true })).toBeInViewport({
        ratio: 1,
      });
    }
    for (const column of hidden) {
      await expect(grid.getByRole('columnheader', { name: column, exact: true })).toHaveCount(0);
    }
    // Nothing to scroll sideways, and each row's background spans the list's whole width.
    const scroller = grid.locator('xpath=..');
    const { scrollWidth, clientWidth } = await scroller.evaluate((element) => ({
      scrollWidth: element.scrollWidth,
      clientWidth: element.clientWidth,
    }));
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    const row = portRow(grid, INVOICING_AS2_PORT);
    await row.click();
    const rowWidth = await row.evaluate((element) => element.getBoundingClientRect().width);
    expect(rowWidth).toBeGreaterThanOrEqual(clientWidth - 1);
    const cellsEnd = await row.evaluate((element) =>
      Math.max(...Array.from(element.children, (cell) => cell.getBoundingClientRect().right)),
    );
    const rowEnd = await row.evaluate((element) => element.getBoundingClientRect().right);
    expect(cellsEnd).toBeLessThanOrEqual(rowEnd + 1);
    // Each expiry badge shows its whole text, none cut to "Not" or "Expires in…".
    const badges = grid.getByText(/^(Expired|Expires in \d+ days?|Not yet valid|Missing on a server)$/);
    expect(await badges.count()).toBeGreaterThan(0);
    for (const badge of await badges.all()) {
      const cut = await badge.evaluate((element) => element.scrollWidth > element.clientWidth + 1);
      expect(cut, await badge.innerText()).toBe(false);
    }
    if (width === 1440) {
      publishScreenshot(await keepScreenshot(page, testInfo, 'send-ports-1440'), 'send-ports-1440.png');
    }
  });
}
