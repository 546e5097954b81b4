import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { useState } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { ResultsGrid, fittingColumns, type ResultsColumn, type ServerRows } from './results-grid';

type Instance = { id: string; sendPort: string; error: string };

// Listed in this order (defaultSort null), so a range is easy to read off.
const INSTANCES: Instance[] = [
  { id: 'i1', sendPort: 'SP.Orders.AS2', error: '' },
  { id: 'i2', sendPort: 'SP.Orders.FTP', error: 'The certificate is missing on BTS02.' },
  { id: 'i3', sendPort: 'SP.Invoicing.AS2', error: '' },
  { id: 'i4', sendPort: 'SP.Orders.SMTP', error: '' },
  { id: 'i5', sendPort: 'SP.Shipping.WCF', error: '' },
  { id: 'i6', sendPort: 'SP.Shipping.SMTP', error: '' },
];

const COLUMNS: ResultsColumn<Instance>[] = [
  { id: 'sendPort', title: 'Send Port', width: 200, text: (instance) => instance.sendPort },
  {
    id: 'error',
    title: 'Error',
    width: 200,
    grow: true,
    text: (instance) => instance.error,
    render: (instance) => instance.error.split(' ')[0],
    hoverText: (instance) => instance.error || undefined,
  },
];

let host: HTMLDivElement;
let root: Root;
let current: string | null;

/** A list as a screen holds it: the selection, and the row whose details show, are the screen's state. */
function Listed({ several }: { several: boolean }) {
  const [selectedIds, setSelectedIds] = useState<Set<string>>(() => new Set());
  const [currentId, setCurrentId] = useState<string | null>(null);
  current = currentId;
  return (
    <ResultsGrid
      label={several ? 'Suspended Instances' : 'Send Ports'}
      items={INSTANCES}
      columns={COLUMNS}
      getRowId={(instance) => instance.id}
      defaultSort={null}
      multipleSelection={
        several
          ? {
              selectedIds,
              onChange: setSelectedIds,
              checkboxLabel: (instance) => `Select ${instance.sendPort}`,
            }
          : undefined
      }
      selectedId={currentId}
      onSelect={(instance) => setCurrentId(instance.id)}
    />
  );
}

function show(grid: React.ReactNode) {
  root.render(
    <FluentProvider theme={webLightTheme}>
      <div style={{ height: '480px', display: 'flex', flexDirection: 'column' }}>{grid}</div>
    </FluentProvider>,
  );
}

const row = (sendPort: string) => page.getByRole('row').filter({ hasText: sendPort });

/** The selected rows, by send port, as the grid tells assistive technology (aria-selected). */
function selected(): string[] {
  return [...host.querySelectorAll<HTMLElement>('[role="row"][aria-selected="true"]')].map(
    (element) => INSTANCES.find((instance) => instance.id === element.dataset.rowId)?.sendPort ?? '?',
  );
}

beforeEach(() => {
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
  current = null;
});

afterEach(() => {
  root.unmount();
  host.remove();
});

describe('ResultsGrid with several rows selectable', () => {
  it('tells assistive technology that several rows can be selected, and which are', async () => {
    show(<Listed several />);
    const grid = page.getByRole('grid', { name: 'Suspended Instances' });
    await expect.element(grid).toHaveAttribute('aria-multiselectable', 'true');
    await userEvent.click(row('SP.Orders.FTP'));
    await expect.element(row('SP.Orders.FTP')).toHaveAttribute('aria-selected', 'true');
    await expect.element(row('SP.Orders.AS2')).toHaveAttribute('aria-selected', 'false');
    await expect.element(page.getByRole('checkbox', { name: 'Select SP.Orders.FTP' })).toBeChecked();
    await expect.element(page.getByText('6 items, 1 selected')).toBeVisible();
  });

  it('selects with the mouse as a Windows list does: click, Ctrl+click and Shift+click', async () => {
    show(<Listed several />);
    await userEvent.click(row('SP.Orders.FTP'));
    await expect.poll(selected).toEqual(['SP.Orders.FTP']);
    expect(current).toBe('i2');

    await userEvent.click(row('SP.Orders.SMTP'), { modifiers: ['Control'] });
    await expect.poll(selected).toEqual(['SP.Orders.FTP', 'SP.Orders.SMTP']);
    // The details follow the row last clicked.
    expect(current).toBe('i4');

    // The range starts at the row last Ctrl+clicked.
    await userEvent.click(row('SP.Shipping.SMTP'), { modifiers: ['Shift'] });
    await expect.poll(selected).toEqual(['SP.Orders.SMTP', 'SP.Shipping.WCF', 'SP.Shipping.SMTP']);

    await userEvent.click(row('SP.Shipping.WCF'), { modifiers: ['Control'] });
    await expect.poll(selected).toEqual(['SP.Orders.SMTP', 'SP.Shipping.SMTP']);

    await userEvent.click(row('SP.Orders.AS2'));
    await expect.poll(selected).toEqual(['SP.Orders.AS2']);
  });

  it('selects with the keyboard: arrows, Shift+arrows, Ctrl+arrows, Space and Ctrl+A', async () => {
    show(<Listed several />);
    await userEvent.click(row('SP.Orders.AS2'));
    await expect.poll(selected).toEqual(['SP.Orders.AS2']);

    await userEvent.keyboard('{ArrowDown}');
    await expect.poll(selected).toEqual(['SP.Orders.FTP']);
    await expect.element(row('SP.Orders.FTP')).toHaveFocus();

    await userEvent.keyboard('{Shift>}{ArrowDown}{ArrowDown}{/Shift}');
    await expect.poll(selected).toEqual(['SP.Orders.FTP', 'SP.Invoicing.AS2', 'SP.Orders.SMTP']);

    // Ctrl+arrow moves the focus and leaves the selection; Space then adds the focused row.
    await userEvent.keyboard('{Control>}{ArrowDown}{ArrowDown}{/Control}');
    await expect.element(row('SP.Shipping.SMTP')).toHaveFocus();
    expect(selected()).toEqual(['SP.Orders.FTP', 'SP.Invoicing.AS2', 'SP.Orders.SMTP']);
    expect(current).toBe('i6');
    await userEvent.keyboard(' ');
    await expect
      .poll(selected)
      .toEqual(['SP.Orders.FTP', 'SP.Invoicing.AS2', 'SP.Orders.SMTP', 'SP.Shipping.SMTP']);
    await userEvent.keyboard(' ');
    await expect.poll(selected).toEqual(['SP.Orders.FTP', 'SP.Invoicing.AS2', 'SP.Orders.SMTP']);

    await userEvent.keyboard('{Control>}a{/Control}');
    await expect.poll(selected).toHaveLength(INSTANCES.length);
    await expect.element(page.getByText('6 items, 6 selected')).toBeVisible();

    await userEvent.keyboard('{Home}');
    await expect.poll(selected).toEqual(['SP.Orders.AS2']);
  });

  it('selects only the rows the filter shows on Ctrl+A and with the header check box', async () => {
    show(<Listed several />);
    await userEvent.fill(page.getByRole('searchbox', { name: 'Filter Suspended Instances' }), 'orders');
    await expect.element(page.getByText('3 of 6')).toBeVisible();
    await userEvent.click(row('SP.Orders.AS2'));
    await userEvent.keyboard('{Control>}a{/Control}');
    await expect.poll(selected).toEqual(['SP.Orders.AS2', 'SP.Orders.FTP', 'SP.Orders.SMTP']);

    const all = page.getByRole('checkbox', { name: 'Select all rows' });
    await expect.element(all).toBeChecked();
    await userEvent.click(all);
    await expect.poll(selected).toEqual([]);
    await userEvent.click(page.getByRole('checkbox', { name: 'Select SP.Orders.FTP' }));
    await expect.element(all).toBePartiallyChecked();
    await userEvent.click(all);
    await expect.poll(selected).toEqual(['SP.Orders.AS2', 'SP.Orders.FTP', 'SP.Orders.SMTP']);
  });

  it('toggles a row with its check box and keeps the focus on the row, so the keys go on from there', async () => {
    show(<Listed several />);
    await userEvent.click(row('SP.Orders.AS2'));
    await userEvent.click(page.getByRole('checkbox', { name: 'Select SP.Invoicing.AS2' }));
    await expect.poll(selected).toEqual(['SP.Orders.AS2', 'SP.Invoicing.AS2']);
    await expect.element(row('SP.Invoicing.AS2')).toHaveFocus();
    await userEvent.keyboard('{Shift>}{ArrowDown}{/Shift}');
    await expect.poll(selected).toEqual(['SP.Invoicing.AS2', 'SP.Orders.SMTP']);
  });

  it('is one tab stop: the row check boxes are for the mouse', async () => {
    show(<Listed several />);
    await expect.poll(() => host.querySelectorAll('[role="row"] input[type="checkbox"]').length).toBe(7);
    const rowBoxes = [...host.querySelectorAll<HTMLInputElement>('[role="gridcell"] input[type="checkbox"]')];
    expect(rowBoxes).toHaveLength(INSTANCES.length);
    expect(rowBoxes.map((box) => box.tabIndex)).toEqual(INSTANCES.map(() => -1));
    expect(host.querySelectorAll('[role="row"][tabindex="0"]')).toHaveLength(1);
    expect(host.querySelectorAll('[role="gridcell"][tabindex]')).toHaveLength(0);
    // Neither are the column headers nor the header check box: the arrows reach them from the first row.
    const headerStops = [
      ...host.querySelectorAll<HTMLElement>(
        '[role="columnheader"] [role="button"], [role="columnheader"] button, [role="columnheader"] input',
      ),
    ];
    expect(headerStops.length).toBeGreaterThan(0);
    expect(headerStops.map((stop) => stop.tabIndex)).toEqual(headerStops.map(() => -1));
  });

  it('shows a summarised cell’s whole text on hover', async () => {
    show(<Listed several />);
    const cell = row('SP.Orders.FTP').getByRole('gridcell').nth(2);
    await expect.element(cell).toHaveTextContent('The');
    await expect.element(cell).toHaveAttribute('title', 'The certificate is missing on BTS02.');
  });
});

describe('ResultsGrid with one row selectable', () => {
  it('selects the row focus moves to, and has no check boxes', async () => {
    show(<Listed several={false} />);
    const grid = page.getByRole('grid', { name: 'Send Ports' });
    await expect.element(grid).not.toHaveAttribute('aria-multiselectable');
    await userEvent.click(row('SP.Orders.AS2'));
    await expect.poll(selected).toEqual(['SP.Orders.AS2']);
    await userEvent.keyboard('{ArrowDown}{ArrowDown}');
    await expect.poll(selected).toEqual(['SP.Invoicing.AS2']);
    expect(current).toBe('i3');
    // Modifiers do not make a range here.
    await userEvent.click(row('SP.Shipping.SMTP'), { modifiers: ['Shift'] });
    await expect.poll(selected).toEqual(['SP.Shipping.SMTP']);
    expect(host.querySelectorAll('input[type="checkbox"]')).toHaveLength(0);
  });
});

type Partner = { id: string; name: string };
const PARTNERS: Partner[] = Array.from({ length: 10_000 }, (_, index) => ({
  id: `p${index}`,
  name: `Partner ${String(index).padStart(5, '0')}`,
}));
const PARTNER_COLUMNS: ResultsColumn<Partner>[] = [
  { id: 'name', title: 'Name', width: 300, text: (partner) => partner.name },
];
const SERVER_PAGE = 100;

/**
 * A list too large to send at once, as a server holds it: it filters and sorts the whole list, and hands
 * over only the pages the grid asks for, which it records.
 */
function ServerListed({ asked, bounded = false }: { asked: number[]; bounded?: boolean }) {
  const [filter, setFilter] = useState('');
  const [sort, setSort] = useState<ServerRows['sort']>({ columnId: 'name', direction: 'ascending' });
  const [pages, setPages] = useState<Set<number>>(() => new Set([0]));
  const matching = PARTNERS.filter((partner) => partner.name.toLowerCase().includes(filter.toLowerCase()));
  if (sort.direction === 'descending') matching.reverse();
  const items: Partner[] = [];
  for (const pageIndex of pages) {
    matching.slice(pageIndex * SERVER_PAGE, (pageIndex + 1) * SERVER_PAGE).forEach((partner, offset) => {
      items[pageIndex * SERVER_PAGE + offset] = partner;
    });
  }
  // Bounded, it counts no further than the pages asked for, as a server answering count=bounded does.
  const reached = (Math.max(...pages) + 1) * SERVER_PAGE;
  const moreThan = bounded && reached < matching.length ? reached : undefined;
  return (
    <ResultsGrid
      label="Partners"
      items={items}
      columns={PARTNER_COLUMNS}
      getRowId={(partner) => partner.id}
      server={{
        total: moreThan === undefined ? matching.length : moreThan + 1,
        ...(moreThan === undefined ? {} : { moreThan }),
        unfilteredTotal: PARTNERS.length,
        filter,
        onFilterChange: (next) => {
          setFilter(next);
          setPages(new Set([0]));
        },
        sort,
        onSortChange: (next) => {
          setSort(next);
          setPages(new Set([0]));
        },
        onRowsInView: (first, last) => {
          asked.push(first, last);
          setPages((current) => {
            const next = new Set(current);
            for (
              let index = Math.floor(first / SERVER_PAGE);
              index <= Math.floor(last / SERVER_PAGE);
              index += 1
            ) {
              next.add(index);
            }
            return next.size === current.size ? current : next;
          });
        },
      }}
    />
  );
}

/**
 * The same list with a server that answers only when told: the pages asked for wait in `asked` until
 * `answer` hands them over, as a slow network would.
 */
function SlowServerListed({ server }: { server: { answer: () => void; selectedId: string | null } }) {
  const [asked, setAsked] = useState<Set<number>>(() => new Set([0]));
  const [answered, setAnswered] = useState<Set<number>>(() => new Set([0]));
  const [selectedId, setSelectedId] = useState<string | null>(null);
  server.answer = () => setAnswered(new Set(asked));
  server.selectedId = selectedId;
  const items: Partner[] = [];
  for (const pageIndex of answered) {
    PARTNERS.slice(pageIndex * SERVER_PAGE, (pageIndex + 1) * SERVER_PAGE).forEach((partner, offset) => {
      items[pageIndex * SERVER_PAGE + offset] = partner;
    });
  }
  return (
    <ResultsGrid
      label="Partners"
      items={items}
      columns={PARTNER_COLUMNS}
      getRowId={(partner) => partner.id}
      selectedId={selectedId}
      onSelect={(partner) => setSelectedId(partner.id)}
      server={{
        total: PARTNERS.length,
        filter: '',
        onFilterChange: () => undefined,
        sort: { columnId: 'name', direction: 'ascending' },
        onSortChange: () => undefined,
        onRowsInView: (first, last) =>
          setAsked((current) => {
            const next = new Set(current);
            for (
              let index = Math.floor(first / SERVER_PAGE);
              index <= Math.floor(last / SERVER_PAGE);
              index += 1
            )
              next.add(index);
            return next.size === current.size ? current : next;
          }),
      }}
    />
  );
}

describe('ResultsGrid over rows that live on the server', () => {
  it('gives the focus and the selection to a row the keyboard went to once its page has arrived', async () => {
    const server = { answer: () => undefined, selectedId: null as string | null };
    show(<SlowServerListed server={server} />);
    await userEvent.click(row('Partner 00000'));
    expect(server.selectedId).toBe(PARTNERS[0]?.id);
    await userEvent.keyboard('{End}');
    // The last row is in view, but its page has not arrived: it shows as loading.
    await expect
      .poll(() => host.querySelector(`[aria-rowindex="${PARTNERS.length + 1}"]`)?.textContent)
      .toBe('Loading…');
    server.answer();
    await expect.element(row('Partner 09999')).toHaveAttribute('aria-selected', 'true');
    expect(server.selectedId).toBe(PARTNERS[PARTNERS.length - 1]?.id);
    expect(document.activeElement?.textContent).toBe('Partner 09999');
  });

  it('counts every row, asks for the rows scrolled into view, and leaves filter and order to the server', async () => {
    const asked: number[] = [];
    show(<ServerListed asked={asked} />);
    const grid = page.getByRole('grid', { name: 'Partners' });
    await expect.element(grid).toHaveAttribute('aria-rowcount', String(PARTNERS.length + 1));
    await expect.element(page.getByText('10000 items')).toBeVisible();
    await expect.element(row('Partner 00000')).toBeVisible();
    // Only the rows in view were asked for, not the whole list.
    expect(Math.max(...asked)).toBeLessThan(SERVER_PAGE);

    await userEvent.click(row('Partner 00000'));
    await userEvent.keyboard('{End}');
    await expect.element(row('Partner 09999')).toBeVisible();
    expect(Math.max(...asked)).toBe(PARTNERS.length - 1);

    await userEvent.fill(page.getByRole('searchbox', { name: 'Filter Partners' }), '0042');
    await expect.element(page.getByText('11 of 10000')).toBeVisible();
    await expect.element(row('Partner 00420')).toBeVisible();

    await userEvent.click(page.getByRole('columnheader', { name: 'Name' }));
    await expect.poll(() => host.querySelector('[aria-rowindex="2"]')?.textContent).toBe('Partner 00429');
    await expect
      .element(page.getByRole('columnheader', { name: 'Name' }))
      .toHaveAttribute('aria-sort', 'descending');
  });
});

describe('ResultsGrid over rows the server has not all counted', () => {
  it('says there are more than the rows it knows of, and reaches every row by scrolling on', async () => {
    const asked: number[] = [];
    show(<ServerListed asked={asked} bounded />);
    await expect.element(page.getByText(`more than ${SERVER_PAGE} of 10000`)).toBeVisible();
    await expect
      .element(page.getByRole('grid', { name: 'Partners' }))
      .toHaveAttribute('aria-rowcount', String(SERVER_PAGE + 2));
    await userEvent.fill(page.getByRole('searchbox', { name: 'Filter Partners' }), '000');
    await expect.element(page.getByText(`more than ${SERVER_PAGE} of 10000`)).toBeVisible();
    // 109 rows hold "000": each scroll to the end reaches the row past the known ones, whose page moves the bound on, up to the last row.
    const bound = () => {
      const said = /more than (\d+) of|(\d+) of 10000/.exec(host.textContent ?? '');
      return Number(said?.[1] ?? said?.[2] ?? 0);
    };
    const matching = PARTNERS.filter((partner) => partner.name.includes('000'));
    expect(matching.length).toBeGreaterThan(SERVER_PAGE);
    for (let known = bound(); known < matching.length; known = bound()) {
      const scroller = host.querySelector('[role="grid"]')!.parentElement!;
      scroller.scrollTop = scroller.scrollHeight;
      await expect.poll(bound).toBeGreaterThan(known);
    }
    await expect.element(page.getByText(`${matching.length} of 10000`)).toBeVisible();
    await expect.element(row(matching[matching.length - 1]!.name)).toBeVisible();
  });
});

describe('fittingColumns', () => {
  const column = (id: string, width: number, optional = false): ResultsColumn<Instance> => ({
    id,
    title: id,
    width,
    optional,
    text: () => '',
  });
  const columns = [
    column('status', 100),
    column('handler', 150, true),
    column('extra', 50, true),
    column('certificate', 200),
  ];
  const ids = (width: number) => fittingColumns(columns, width).map((kept) => kept.id);

  it('keeps every column that fits, and leaves out the optional ones, the last first, when they do not', () => {
    expect(ids(500)).toEqual(['status', 'handler', 'extra', 'certificate']);
    expect(ids(499)).toEqual(['status', 'handler', 'certificate']);
    expect(ids(449)).toEqual(['status', 'certificate']);
    // The required columns stay even when they do not fit: the list then scrolls sideways.
    expect(ids(120)).toEqual(['status', 'certificate']);
    // Not laid out yet: nothing is left out.
    expect(ids(0)).toEqual(['status', 'handler', 'extra', 'certificate']);
  });
});
