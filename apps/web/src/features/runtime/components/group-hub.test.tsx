import type { GroupHub as GroupHubAnswer } from '@bts-console/domain';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createRoot, type Root } from 'react-dom/client';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { page } from 'vitest/browser';
import { answerGets } from '../../../test-support/answer-gets';
import { GroupHub } from './group-hub';

/** A 50,000-port group where a tenth of the ports have a certificate problem, in the API's order. */
const PROBLEMS: GroupHubAnswer['certificateProblems'] = Array.from({ length: 5_000 }, (_, index) => ({
  sendPort: `SP.Growth.${String(index).padStart(5, '0')}`,
  application: 'Growth.Big',
  thumbprint: 'A1B2C3D4E5F60718293A4B5C6D7E8F9012345678',
  commonName: 'Old Partner',
  problems: [
    { server: 'BTS01', problem: 'missing' },
    { server: 'BTS02', problem: 'expiring', daysLeft: 5 },
  ],
}));

let host: HTMLDivElement;
let root: Root;
let asked: { limit: number; offset: number }[];

beforeEach(() => {
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
  asked = [];
  answerGets((url) => {
    if (url.pathname !== '/api/group/hub') return undefined;
    const limit = Number(url.searchParams.get('limit'));
    const offset = Number(url.searchParams.get('offset'));
    asked.push({ limit, offset });
    const answer: GroupHubAnswer = {
      suspendedBySendPort: [{ sendPort: 'SP.Growth.00001', application: 'Growth.Big', count: 3 }],
      certificateProblems: PROBLEMS.slice(offset, offset + limit),
      certificateProblemsTotal: PROBLEMS.length,
    };
    return answer;
  });
});

afterEach(() => {
  root.unmount();
  host.remove();
  vi.unstubAllGlobals();
});

const problemsTable = () => host.querySelectorAll('table')[1]!;
const drawnRows = () => problemsTable().querySelectorAll('tbody tr:not([aria-hidden="true"])').length;

function render() {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const router = createMemoryRouter([
    {
      path: '*',
      element: (
        <FluentProvider theme={webLightTheme}>
          <QueryClientProvider client={queryClient}>
            <GroupHub />
          </QueryClientProvider>
        </FluentProvider>
      ),
    },
  ]);
  root.render(<RouterProvider router={router} />);
}

describe('GroupHub', () => {
  it('says how many ports have a problem, reads them a page at a time, draws only those in view and scrolls to the last', async () => {
    render();
    await expect
      .element(page.getByText('5,000 send ports, by application then send port name'))
      .toBeVisible();
    // The tile counts every problem port, not the page.
    await expect.element(page.getByText('5,000', { exact: true })).toBeVisible();
    const table = page.getByRole('table', { name: 'Certificate problems on processing servers' });
    await expect.element(table).toHaveAttribute('aria-rowcount', '5001');
    await expect
      .element(page.getByRole('link', { name: 'SP.Growth.00000: open its Certificate page' }))
      .toBeVisible();
    expect(asked).toEqual([{ limit: 200, offset: 0 }]);
    expect(drawnRows()).toBeGreaterThan(0);
    expect(drawnRows()).toBeLessThan(60);

    const scroller = problemsTable().parentElement!;
    // Down to the last row, as far as the table reaches each time, until it is there.
    const last = page.getByRole('link', { name: 'SP.Growth.04999: open its Certificate page' });
    await vi.waitFor(
      async () => {
        scroller.scrollTop = scroller.scrollHeight;
        await expect.element(last, { timeout: 200 }).toBeInTheDocument();
      },
      { timeout: 10_000, interval: 50 },
    );
    await expect
      .element(last)
      .toHaveAttribute('href', '/applications/Growth.Big/send-ports/SP.Growth.04999/properties/certificate');
    expect(drawnRows()).toBeLessThan(60);
    expect(host.textContent).not.toContain('SP.Growth.00000:');
    // Only the pages scrolled past or into view were asked for, each once, 200 rows at a time.
    expect(asked.every((request) => request.limit === 200 && request.offset % 200 === 0)).toBe(true);
    expect(asked.some((request) => request.offset === 4_800)).toBe(true);
    expect(new Set(asked.map((request) => request.offset)).size).toBe(asked.length);
    expect(asked.length).toBeLessThan(PROBLEMS.length / 200);
  });
});
