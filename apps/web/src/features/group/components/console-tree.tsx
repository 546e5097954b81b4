import { Spinner, makeStyles, mergeClasses, tokens, typographyStyles } from '@fluentui/react-components';
import {
  AlertRegular,
  AppFolderRegular,
  BoxMultipleRegular,
  CertificateRegular,
  ChevronRight12Regular,
  DesktopRegular,
  FolderRegular,
  PeopleRegular,
  ServerRegular,
  SettingsRegular,
  ShieldKeyholeRegular,
  WindowConsoleRegular,
} from '@fluentui/react-icons';
import {
  lazy,
  Suspense,
  useEffect,
  useMemo,
  useRef,
  useState,
  type FocusEvent,
  type KeyboardEvent,
  type MouseEvent,
  type ReactElement,
} from 'react';
import { useLocation, useNavigate } from 'react-router';
import { APPLICATION_NODES, PLATFORM_NODES, consolePaths, groupNodeLabel } from '../../../lib/console-paths';
import { useApplications } from '../api/get-applications';
import { useGroup } from '../api/get-group';
import type { ActionNode } from '../hooks/use-node-actions';
import type { TreeMenuRequest } from './tree-node-menu';

// The nodes' context menu, and the dialogs its actions open, are not needed to draw the tree: they load
// when a menu is first asked for, so the first screen does not carry them.
const TreeNodeMenu = lazy(() =>
  import('./tree-node-menu').then((module) => ({ default: module.TreeNodeMenu })),
);

type ConsoleNode = {
  value: string;
  label: string;
  icon: ReactElement;
  children?: ConsoleNode[];
  /** The node's context menu, where it has one. */
  actions?: ActionNode;
};

/** Indentation per level, and the chevron's width: Fluent's small tree (spacingHorizontalXXL, 24 px). */
const INDENT = 20;

const useStyles = makeStyles({
  tree: { padding: tokens.spacingVerticalXS },
  item: {
    outlineStyle: 'none',
    ':focus-visible > div': {
      outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`,
      outlineOffset: `calc(-1 * ${tokens.strokeWidthThick})`,
      borderRadius: tokens.borderRadiusMedium,
    },
  },
  layout: {
    display: 'flex',
    alignItems: 'center',
    minHeight: '24px',
    boxSizing: 'border-box',
    cursor: 'default',
    color: tokens.colorNeutralForeground2,
    borderRadius: tokens.borderRadiusMedium,
    whiteSpace: 'nowrap',
    ...typographyStyles.caption1,
    ':hover': {
      backgroundColor: tokens.colorSubtleBackgroundHover,
      color: tokens.colorNeutralForeground2Hover,
    },
    ':active': {
      backgroundColor: tokens.colorSubtleBackgroundPressed,
      color: tokens.colorNeutralForeground2Pressed,
    },
  },
  chevron: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    flex: '0 0 24px',
    alignSelf: 'stretch',
    color: tokens.colorNeutralForeground3,
  },
  chevronIcon: { transitionProperty: 'transform', transitionDuration: tokens.durationFaster },
  open: { transform: 'rotate(90deg)' },
  icon: {
    display: 'flex',
    alignItems: 'center',
    paddingRight: tokens.spacingHorizontalXXS,
    fontSize: tokens.fontSizeBase500,
    lineHeight: tokens.lineHeightBase500,
    color: tokens.colorNeutralForeground2,
  },
  label: { padding: `0 ${tokens.spacingHorizontalXXS}` },
  selected: {
    backgroundColor: tokens.colorBrandBackground2,
    color: tokens.colorNeutralForeground1,
    ':hover': { backgroundColor: tokens.colorBrandBackground2Hover, color: tokens.colorNeutralForeground1 },
  },
  loading: { padding: tokens.spacingHorizontalM },
});

/**
 * The MMC console tree of DESIGN §6; each node's value is its URL, so the URL says what is selected.
 * A WAI-ARIA tree drawn from plain elements: with a hundred applications it holds some 120 nodes, which
 * Fluent's TreeItem drew at about a millisecond and a half each, the largest part of the console's first
 * render (docs/decisions/032-the-console-tree-drawn-light.md).
 */
export function ConsoleTree() {
  const styles = useStyles();
  const navigate = useNavigate();
  const { pathname, state } = useLocation();
  const treeRef = useRef<HTMLDivElement>(null);
  const group = useGroup();
  const applications = useApplications();

  const root = useMemo<ConsoleNode>(() => {
    const groupChildren: ConsoleNode[] = [
      {
        value: consolePaths.applications,
        label: 'Applications',
        icon: <FolderRegular />,
        children: (applications.data?.items ?? []).map((application) => ({
          value: consolePaths.application(application.name),
          label: application.name,
          icon: <AppFolderRegular />,
          actions: { kind: 'application', application: application.name },
          children: APPLICATION_NODES.map((node) => ({
            value: consolePaths.applicationNode(application.name, node.segment),
            label: node.label,
            icon: <FolderRegular />,
            ...(node.segment === 'send-ports'
              ? { actions: { kind: 'send-ports', application: application.name } as const }
              : {}),
          })),
        })),
      },
      { value: consolePaths.parties, label: 'Parties', icon: <PeopleRegular /> },
      {
        value: consolePaths.platformSettings,
        label: 'Platform Settings',
        icon: <SettingsRegular />,
        children: PLATFORM_NODES.map((node) => ({
          value: consolePaths.platformNode(node.segment),
          label: node.label,
          icon: node.segment === 'servers' ? <ServerRegular /> : <FolderRegular />,
        })),
      },
      {
        value: consolePaths.certificates,
        label: 'Certificates',
        icon: <CertificateRegular />,
        children: [
          { value: consolePaths.certificatesInUse, label: 'In Use', icon: <CertificateRegular /> },
          ...(group.data?.computers ?? []).map((computer) => ({
            value: consolePaths.computer(computer.name),
            label: computer.name,
            icon: computer.role === 'Console' ? <DesktopRegular /> : <ServerRegular />,
            children: [
              {
                value: consolePaths.otherPeopleStore(computer.name),
                label: 'Other People',
                icon: <ShieldKeyholeRegular />,
              },
            ],
          })),
          { value: consolePaths.alerts, label: 'Alerts', icon: <AlertRegular /> },
        ],
      },
    ];
    return {
      value: consolePaths.root,
      label: 'BizTalk Server Administration',
      icon: <WindowConsoleRegular />,
      children: [
        {
          value: consolePaths.group,
          label: group.data ? groupNodeLabel(group.data.name) : 'BizTalk Group',
          icon: <BoxMultipleRegular />,
          actions: { kind: 'group' },
          children: groupChildren,
        },
      ],
    };
  }, [applications.data, group.data]);

  const selected = useMemo(() => selectedNode(root, pathname), [root, pathname]);
  const [openItems, setOpenItems] = useState<ReadonlySet<string>>(
    () => new Set([consolePaths.root, consolePaths.group]),
  );

  // Deep links and Back land on nodes whose ancestors may be closed: open them so the selection shows.
  // Done while rendering, not in an effect after it, so that a deep link's branches are drawn open at
  // once (and not drawn closed, then moved open).
  const [openedFor, setOpenedFor] = useState<{ root: ConsoleNode; selected: ConsoleNode | null } | null>(
    null,
  );
  if (openedFor?.root !== root || openedFor.selected !== selected) {
    setOpenedFor({ root, selected });
    if (selected) {
      const ancestors = ancestorsOf(root, selected.value);
      if (!ancestors.every((value) => openItems.has(value)))
        setOpenItems(new Set([...openItems, ...ancestors]));
    }
  }

  const nodes = useMemo(() => nodesByValue(root), [root]);
  const setOpen = (value: string, open: boolean) =>
    setOpenItems((current) => {
      if (current.has(value) === open) return current;
      const next = new Set(current);
      if (open) next.add(value);
      else next.delete(value);
      return next;
    });
  /** Closing a branch that holds the focus gives the focus to the branch, not to the page. */
  const close = (item: HTMLElement, value: string) => {
    if (item !== document.activeElement && item.contains(document.activeElement)) item.focus();
    setOpen(value, false);
  };
  const isDrawn = (value: string) => ancestorsOf(root, value).every((ancestor) => openItems.has(ancestor));
  // Roving tabindex: Tab reaches the tree once, on the node last focused while it is drawn, else the
  // selected one, else the first.
  const [focused, setFocused] = useState<string | null>(null);
  const tabStop =
    focused !== null && nodes.has(focused) && isDrawn(focused)
      ? focused
      : selected && isDrawn(selected.value)
        ? selected.value
        : root.value;

  const itemOf = (target: EventTarget) => (target as HTMLElement).closest<HTMLElement>('[role="treeitem"]');
  const nodeOf = (item: HTMLElement | null) => (item ? (nodes.get(item.dataset.value ?? '') ?? null) : null);
  const fromChevron = (event: MouseEvent) => (event.target as HTMLElement).closest('[data-chevron]') !== null;
  const select = (node: ConsoleNode) => {
    if (pathname !== node.value) navigate(node.value);
  };
  const hasChildren = (node: ConsoleNode) => (node.children?.length ?? 0) > 0;

  // As in MMC, a click on a label selects: it may open a closed branch, but never closes one. The chevron
  // opens and closes without selecting, as MMC's expander does; the arrow keys and a double-click open and
  // close. A double-click's first click has already opened a closed branch, so the double-click turns the
  // branch to the opposite of what it was before that click.
  const openBeforeClick = useRef<{ value: string; open: boolean } | null>(null);
  const onMouseDown = (event: MouseEvent) => {
    const node = nodeOf(itemOf(event.target));
    if (node && event.detail === 1)
      openBeforeClick.current = { value: node.value, open: openItems.has(node.value) };
  };
  const onClick = (event: MouseEvent) => {
    const item = itemOf(event.target);
    const node = nodeOf(item);
    if (!item || !node) return;
    if (fromChevron(event)) {
      if (openItems.has(node.value)) close(item, node.value);
      else setOpen(node.value, true);
      return;
    }
    select(node);
    if (event.detail === 1 && hasChildren(node)) setOpen(node.value, true);
  };
  const onDoubleClick = (event: MouseEvent) => {
    const item = itemOf(event.target);
    const node = nodeOf(item);
    if (!item || !node || !hasChildren(node) || fromChevron(event)) return;
    const before = openBeforeClick.current;
    const wasOpen = before?.value === node.value ? before.open : openItems.has(node.value);
    if (wasOpen) close(item, node.value);
    else setOpen(node.value, true);
  };

  const [menu, setMenu] = useState<TreeMenuRequest | null>(null);
  // Mounted from the first request on, so that closing the menu animates as opening it did.
  const [menuMounted, setMenuMounted] = useState(false);
  const openMenu = (node: ConsoleNode, target: TreeMenuRequest['target'], fromKeyboard: boolean) => {
    if (!node.actions) return;
    // As in MMC, the node a menu is opened on becomes the selected one.
    if (pathname !== node.value) navigate(node.value);
    setMenu({ node: node.actions, label: node.label, target, fromKeyboard });
    setMenuMounted(true);
  };
  const closeMenu = () => {
    if (menu?.fromKeyboard && menu.target instanceof HTMLElement) menu.target.focus();
    setMenu(null);
  };
  const onContextMenu = (event: MouseEvent) => {
    const node = nodeOf(itemOf(event.target));
    if (!node) return;
    event.preventDefault();
    const { clientX: x, clientY: y } = event;
    openMenu(node, { getBoundingClientRect: () => new DOMRect(x, y, 0, 0) }, false);
  };

  // The WAI-ARIA tree's keys. Every drawn item is visible (a closed branch draws no children), so the
  // items in document order are the order the arrows move in.
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const item = itemOf(event.target);
    const node = nodeOf(item);
    if (!item || !node || item !== event.target) return;
    const items = Array.from(treeRef.current?.querySelectorAll<HTMLElement>('[role="treeitem"]') ?? []);
    const index = items.indexOf(item);
    const open = openItems.has(node.value);
    const focus = (target: HTMLElement | null | undefined) => target?.focus();
    const modified = event.ctrlKey || event.metaKey || event.altKey;
    if (event.key === 'ContextMenu' || (event.key === 'F10' && event.shiftKey)) openMenu(node, item, true);
    else if (modified) return;
    else if (event.key === 'ArrowDown') focus(items[index + 1]);
    else if (event.key === 'ArrowUp') focus(items[index - 1]);
    else if (event.key === 'Home') focus(items[0]);
    else if (event.key === 'End') focus(items[items.length - 1]);
    else if (event.key === 'ArrowRight') {
      if (!hasChildren(node)) return;
      if (open) focus(item.querySelector<HTMLElement>('[role="group"] > [role="treeitem"]'));
      else setOpen(node.value, true);
    } else if (event.key === 'ArrowLeft') {
      if (hasChildren(node) && open) close(item, node.value);
      else focus(item.parentElement?.closest<HTMLElement>('[role="treeitem"]'));
    } else if (event.key === 'Enter' || event.key === ' ') {
      select(node);
      if (hasChildren(node)) setOpen(node.value, true);
    } else if (event.key.length === 1 && event.key.trim() !== '') {
      // Type-ahead: the next item whose label starts with the character, from the one after this.
      const key = event.key.toLowerCase();
      const after = [...items.slice(index + 1), ...items.slice(0, index)];
      focus(after.find((candidate) => nodeOf(candidate)?.label.toLowerCase().startsWith(key)));
    } else return;
    event.preventDefault();
  };
  const onFocus = (event: FocusEvent) => {
    const item = itemOf(event.target);
    if (item === event.target && item.dataset.value) setFocused(item.dataset.value);
  };

  // After sign-in the keyboard starts in the console tree, on the selected node, as MMC's does.
  const focusRequested = (state as { focusConsoleTree?: boolean } | null)?.focusConsoleTree === true;
  const treeFocused = useRef(false);
  useEffect(() => {
    if (!focusRequested || treeFocused.current || !selected) return;
    const active = document.activeElement;
    // A dialog the return address opened keeps its focus.
    if (active && active !== document.body) return;
    const item =
      treeRef.current?.querySelector<HTMLElement>('[role="treeitem"][aria-selected="true"]') ??
      treeRef.current?.querySelector<HTMLElement>('[role="treeitem"]');
    if (!item) return;
    treeFocused.current = true;
    item.focus();
  }, [focusRequested, selected]);

  const renderNode = (node: ConsoleNode, level: number, position: number, count: number): ReactElement => {
    const branch = hasChildren(node);
    const open = branch && openItems.has(node.value);
    const isSelected = selected?.value === node.value;
    // The item is named from its content; browsers leave out the nested group of its children, so the name
    // is its own text.
    return (
      <div
        key={node.value}
        role="treeitem"
        data-value={node.value}
        className={styles.item}
        aria-level={level}
        aria-posinset={position}
        aria-setsize={count}
        aria-expanded={branch ? open : undefined}
        aria-selected={isSelected}
        aria-current={isSelected ? 'page' : undefined}
        tabIndex={node.value === tabStop ? 0 : -1}
      >
        <div
          className={mergeClasses(styles.layout, isSelected && styles.selected)}
          style={{ paddingLeft: (level - 1) * INDENT }}
        >
          <span className={styles.chevron} data-chevron={branch ? '' : undefined}>
            {branch && (
              <ChevronRight12Regular className={mergeClasses(styles.chevronIcon, open && styles.open)} />
            )}
          </span>
          <span className={styles.icon}>{node.icon}</span>
          <span className={styles.label}>{node.label}</span>
        </div>
        {open && (
          <div role="group">
            {node.children!.map((child, index, all) => renderNode(child, level + 1, index + 1, all.length))}
          </div>
        )}
      </div>
    );
  };

  return (
    <>
      {/* The items answer through the tree's own handlers: one set of listeners, not one per item. */}
      <div
        ref={treeRef}
        role="tree"
        aria-label="Console tree"
        className={styles.tree}
        onClick={onClick}
        onMouseDown={onMouseDown}
        onDoubleClick={onDoubleClick}
        onContextMenu={onContextMenu}
        onKeyDown={onKeyDown}
        onFocus={onFocus}
      >
        {renderNode(root, 1, 1, 1)}
      </div>
      {menuMounted && (
        <Suspense fallback={null}>
          <TreeNodeMenu request={menu} onDismiss={closeMenu} />
        </Suspense>
      )}
      {(group.isPending || applications.isPending) && (
        <Spinner className={styles.loading} size="tiny" label="Loading the group…" />
      )}
    </>
  );
}

/** The deepest node whose URL is the start of the current one: a dialog's URL selects its list's node. */
function selectedNode(root: ConsoleNode, pathname: string): ConsoleNode | null {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  let best: ConsoleNode | null = null;
  const visit = (node: ConsoleNode) => {
    const matches =
      node.value === '/' ? path === '/' : path === node.value || path.startsWith(`${node.value}/`);
    if (matches && (!best || node.value.length > best.value.length)) best = node;
    node.children?.forEach(visit);
  };
  visit(root);
  if (best === null && path === consolePaths.audit) return root.children?.[0] ?? null;
  return best;
}

function ancestorsOf(root: ConsoleNode, value: string): string[] {
  const trail: string[] = [];
  const visit = (node: ConsoleNode): boolean => {
    if (node.value === value) return true;
    trail.push(node.value);
    if (node.children?.some(visit)) return true;
    trail.pop();
    return false;
  };
  visit(root);
  return trail;
}

/** Every node by its value (its URL). */
function nodesByValue(root: ConsoleNode): Map<string, ConsoleNode> {
  const nodes = new Map<string, ConsoleNode>();
  const visit = (node: ConsoleNode) => {
    nodes.set(node.value, node);
    node.children?.forEach(visit);
  };
  visit(root);
  return nodes;
}
