import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { createRoot, type Root } from 'react-dom/client';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { PortsUsingCertificate } from './ports-using-certificate';

/** A certificate shared by a sixth of a 50,000-port group. */
const PORTS = Array.from({ length: 8_000 }, (_, index) => ({
  name: `SP.Growth.${String(index).padStart(5, '0')}`,
  application: 'Growth.Big',
}));

let host: HTMLDivElement;
let root: Root;

beforeEach(() => {
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
});

afterEach(() => {
  root.unmount();
  host.remove();
});

const drawnRows = () => host.querySelectorAll('tbody tr:not([aria-hidden="true"])').length;

function render(ports: typeof PORTS) {
  const router = createMemoryRouter([
    {
      path: '*',
      element: (
        <FluentProvider theme={webLightTheme}>
          <PortsUsingCertificate ports={ports} />
        </FluentProvider>
      ),
    },
  ]);
  root.render(<RouterProvider router={router} />);
}

describe('PortsUsingCertificate', () => {
  it('says how many ports use the certificate, draws only those in view, and scrolls to the last', async () => {
    render(PORTS);
    await expect.element(page.getByText('8,000 send ports')).toBeVisible();
    const table = page.getByRole('table', { name: 'Send ports that use this certificate' });
    await expect.element(table).toHaveAttribute('aria-rowcount', '8001');
    await expect.element(page.getByRole('link', { name: 'SP.Growth.00000' })).toBeVisible();
    expect(drawnRows()).toBeGreaterThan(0);
    expect(drawnRows()).toBeLessThan(60);

    const scroller = host.querySelector<HTMLElement>('table')!.parentElement!;
    scroller.scrollTop = scroller.scrollHeight;
    const last = page.getByRole('link', { name: 'SP.Growth.07999' });
    await expect.element(last).toBeVisible();
    await expect
      .element(last)
      .toHaveAttribute('href', '/applications/Growth.Big/send-ports/SP.Growth.07999/properties/certificate');
    expect(drawnRows()).toBeLessThan(60);
    expect(host.textContent).not.toContain('SP.Growth.00000');
  });

  it('says one send port in the singular', async () => {
    render(PORTS.slice(0, 1));
    await expect.element(page.getByText('1 send port', { exact: true })).toBeVisible();
    expect(drawnRows()).toBe(1);
  });
});
