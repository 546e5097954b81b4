import type { Application, GroupResponse } from '@bts-console/domain';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createRoot, type Root } from 'react-dom/client';
import { createMemoryRouter, RouterProvider, useLocation } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { answerGets } from '../../../test-support/answer-gets';
import { ConsoleTree } from './console-tree';

const GROUP: GroupResponse = {
  name: 'SQL01:BizTalkMgmtDb',
  computers: [
    { name: 'ADMIN01', role: 'Console' },
    { name: 'BTS01', role: 'BizTalk Server' },
  ],
  hosts: [],
  hostInstances: [],
};
const APPLICATIONS: { items: Application[]; total: number } = {
  items: ['Contoso.Orders', 'Fabrikam.Invoicing', 'Northwind.Shipping'].map((name) => ({
    name,
    description: null,
    isSystem: false,
    counts: {},
  })),
  total: 3,
};

let host: HTMLDivElement;
let root: Root;
let router: ReturnType<typeof createMemoryRouter>;

beforeEach(() => {
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
  answerGets(({ pathname }) =>
    pathname === '/api/group' ? GROUP : pathname === '/api/applications' ? APPLICATIONS : undefined,
  );
});

afterEach(() => {
  root.unmount();
  host.remove();
  vi.unstubAllGlobals();
});

/** Where the console is: the tree's selection follows it. */
function Path() {
  return <output data-testid="path">{useLocation().pathname}</output>;
}

function render(at: string) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  router = createMemoryRouter(
    [
      {
        path: '*',
        element: (
          <FluentProvider theme={webLightTheme}>
            <QueryClientProvider client={queryClient}>
              <ConsoleTree />
              <Path />
            </QueryClientProvider>
          </FluentProvider>
        ),
      },
    ],
    { initialEntries: [at] },
  );
  root.render(<RouterProvider router={router} />);
}

const item = (name: string) => page.getByRole('treeitem', { name, exact: true });
const element = (name: string) => item(name).element() as HTMLElement;
const focusedName = () => document.activeElement?.querySelector('span:last-child')?.textContent;

describe('ConsoleTree', () => {
  it("opens a deep link's branches, selects its node, and gives the tree one Tab stop there", async () => {
    render('/applications/Fabrikam.Invoicing/send-ports');
    await expect.element(item('Fabrikam.Invoicing')).toHaveAttribute('aria-expanded', 'true');
    const sendPorts = page
      .getByRole('treeitem', { name: 'Fabrikam.Invoicing', exact: true })
      .getByRole('treeitem', { name: 'Send Ports', exact: true });
    await expect.element(sendPorts).toHaveAttribute('aria-selected', 'true');
    await expect.element(sendPorts).toHaveAttribute('aria-current', 'page');
    // The other applications are listed closed; their children are not drawn.
    await expect.element(item('Contoso.Orders')).toHaveAttribute('aria-expanded', 'false');
    expect(element('Contoso.Orders').querySelector('[role="group"]')).toBeNull();
    // The tree's structure as WAI-ARIA describes it.
    const invoicing = element('Fabrikam.Invoicing');
    expect(invoicing.getAttribute('aria-level')).toBe('4');
    expect(invoicing.getAttribute('aria-posinset')).toBe('2');
    expect(invoicing.getAttribute('aria-setsize')).toBe('3');
    // One Tab stop, on the selected node.
    const tabbable = host.querySelectorAll('[role="treeitem"][tabindex="0"]');
    expect(tabbable).toHaveLength(1);
    expect(tabbable[0]).toBe(sendPorts.element());
  });

  it('moves with the WAI-ARIA keys: arrows, Home, End, right and left to open, close and go up, type-ahead', async () => {
    render('/group');
    await expect.element(item('Applications')).toBeVisible();
    element(`BizTalk Group [${GROUP.name}]`).focus();

    await userEvent.keyboard('{ArrowDown}');
    expect(focusedName()).toBe('Applications');
    // The node the keyboard is on is outlined.
    const layout = document.activeElement!.firstElementChild!;
    expect(getComputedStyle(layout).outlineStyle).toBe('solid');
    await userEvent.keyboard('{ArrowRight}');
    await expect.element(item('Applications')).toHaveAttribute('aria-expanded', 'true');
    await userEvent.keyboard('{ArrowRight}');
    expect(focusedName()).toBe('Contoso.Orders');
    // Type-ahead: the next node whose name starts with the letter.
    await userEvent.keyboard('n');
    expect(focusedName()).toBe('Northwind.Shipping');
    await userEvent.keyboard('{ArrowLeft}');
    expect(focusedName()).toBe('Applications');
    await userEvent.keyboard('{ArrowLeft}');
    await expect.element(item('Applications')).toHaveAttribute('aria-expanded', 'false');
    await expect.element(item('Contoso.Orders')).not.toBeInTheDocument();
    await userEvent.keyboard('{End}');
    expect(focusedName()).toBe('Certificates');
    await userEvent.keyboard('{Home}');
    expect(focusedName()).toBe('BizTalk Server Administration');
    // The node last focused is the tree's Tab stop.
    expect(host.querySelector('[role="treeitem"][tabindex="0"]')).toBe(document.activeElement);

    // Enter selects the focused node, as a click does.
    await userEvent.keyboard('{ArrowDown}{ArrowDown}{Enter}');
    await expect.element(page.getByTestId('path')).toHaveTextContent('/applications');
    await expect.element(item('Applications')).toHaveAttribute('aria-expanded', 'true');
  });

  it('a click selects and opens a closed branch but never closes it; the chevron opens and closes without selecting', async () => {
    render('/group');
    await expect.element(item('Applications')).toBeVisible();
    const label = page.getByText('Applications', { exact: true });
    await label.click();
    await expect.element(page.getByTestId('path')).toHaveTextContent(/^\/applications$/);
    await expect.element(item('Applications')).toHaveAttribute('aria-expanded', 'true');
    await label.click();
    await expect.element(item('Applications')).toHaveAttribute('aria-expanded', 'true');

    const chevron = element('Applications').querySelector<HTMLElement>('[data-chevron]')!;
    await userEvent.click(chevron);
    await expect.element(item('Applications')).toHaveAttribute('aria-expanded', 'false');
    await router.navigate('/group');
    await userEvent.click(chevron);
    await expect.element(item('Applications')).toHaveAttribute('aria-expanded', 'true');
    // The chevron did not select the node.
    await expect.element(page.getByTestId('path')).toHaveTextContent(/^\/group$/);
    await expect.element(item(`BizTalk Group [${GROUP.name}]`)).toHaveAttribute('aria-selected', 'true');
  });
});
