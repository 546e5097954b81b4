import type { ReplacementPort } from '@bts-console/domain';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { page } from 'vitest/browser';
import { PreviewTable } from './replacement-preview-table';

/** A replacement on a thousand ports, each processed by two servers, one of which lacks the successor. */
const PORTS: ReplacementPort[] = Array.from({ length: 1000 }, (_, index) => ({
  name: `SP.Partner.${String(index).padStart(4, '0')}`,
  application: 'Contoso.Orders',
  etag: `"${index}"`,
  processingServers: [
    { name: 'BTS01', successorPresent: true },
    { name: 'BTS02', successorPresent: false },
  ],
  outcome: 'acknowledgement-needed',
  warnings: [],
  acknowledgedMissingOn: [],
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

/** The body rows in the document, spacers aside. */
const drawnRows = () => host.querySelectorAll('tbody tr:not([aria-hidden="true"])').length;

describe('PreviewTable', () => {
  it('draws only the rows in view of 2,000 (ports × servers), says how many there are, and scrolls to the last', async () => {
    root.render(
      <FluentProvider theme={webLightTheme}>
        <div style={{ height: '600px' }}>
          <PreviewTable ports={PORTS} acknowledged={{}} onAcknowledgedChange={() => undefined} />
        </div>
      </FluentProvider>,
    );
    const table = page.getByRole('table', { name: 'Preview' });
    await expect.element(table).toHaveAttribute('aria-rowcount', '2001');
    await expect.element(page.getByText('SP.Partner.0000', { exact: true })).toBeVisible();
    expect(drawnRows()).toBeGreaterThan(0);
    expect(drawnRows()).toBeLessThan(100);
    expect(host.textContent).not.toContain('SP.Partner.0999');

    const scroller = host.querySelector<HTMLElement>('table')!.parentElement!;
    scroller.scrollTop = scroller.scrollHeight;
    await expect.element(page.getByText('SP.Partner.0999', { exact: true })).toBeVisible();
    expect(drawnRows()).toBeLessThan(100);
    await expect
      .element(page.getByRole('checkbox', { name: 'SP.Partner.0999: go ahead without it on BTS02' }))
      .toBeVisible();
    expect(host.textContent).not.toContain('SP.Partner.0000');
  });

  it('tells which port and server a ticked acknowledgement is for', async () => {
    const changes = vi.fn();
    root.render(
      <FluentProvider theme={webLightTheme}>
        <PreviewTable ports={PORTS.slice(0, 3)} acknowledged={{}} onAcknowledgedChange={changes} />
      </FluentProvider>,
    );
    await page.getByRole('checkbox', { name: 'SP.Partner.0002: go ahead without it on BTS02' }).click();
    expect(changes).toHaveBeenCalledWith({ 'SP.Partner.0002': ['BTS02'] });
  });
});
