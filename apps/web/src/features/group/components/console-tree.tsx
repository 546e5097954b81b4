import {
  Spinner,
  Tree,
  TreeItem,
  TreeItemLayout,
  makeStyles,
  tokens,
  type TreeItemValue,
  type TreeOpenChangeData,
} from '@fluentui/react-components';
import {
  AlertRegular,
  AppFolderRegular,
  BoxMultipleRegular,
  CertificateRegular,
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
  type KeyboardEvent,
  type MouseEvent,
  type ReactElement,
} from 'react';
import { useLocation, useNavigate } from 'react-router';
import { APPLICATION_NODES, PLATFORM_NODES, consolePaths, groupNodeLabel } from '../../../lib/console-paths';
import { useApplications } from '../api/get-applications';
import { useGroup } from '../api/get-group';
import type { ActionNode } from '../hooks/use-node-actions';
import { subtreeCollapse } from './subtree-collapse';
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

const useStyles = makeStyles({
  tree: { padding: tokens.spacingVerticalXS },
  selected: {
    backgroundColor: tokens.colorBrandBackground2,
    color: tokens.colorNeutralForeground1,
    ':hover': { backgroundColor: tokens.colorBrandBackground2Hover },
  },
  loading: { padding: tokens.spacingHorizontalM },
});

/** The MMC console tree of DESIGN §6; each node's value is its URL, so the URL says what is selected. */
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
  const [openItems, setOpenItems] = useState<Set<TreeItemValue>>(
    () => new Set([consolePaths.root, consolePaths.group]),
  );

  // Deep links and Back land on nodes whose ancestors may be closed: open them so the selection shows.
  // Done while rendering, not in an effect after it, so that a deep link's branches are drawn open at
  // once (and not drawn closed, then measured and moved open).
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

  // As in MMC, a click on a label selects: it may open a closed branch, but never closes one. The chevron,
  // the arrow keys and a double-click open and close. A double-click's first click has already opened a
  // closed branch, so the double-click turns the branch to the opposite of what it was before that click.
  const openBeforeClick = useRef<{ value: TreeItemValue; open: boolean } | null>(null);
  const onOpenChange = (_: unknown, data: TreeOpenChangeData) => {
    if (data.type === 'Click') {
      if (data.event.detail > 1 || !data.open) return;
    }
    setOpenItems(new Set(data.openItems));
  };
  // The tree items are nested: only the innermost one under the pointer answers.
  const isInnermost = (event: MouseEvent) =>
    (event.target as HTMLElement).closest('[role="treeitem"]') === event.currentTarget;
  const onItemMouseDown = (event: MouseEvent, value: TreeItemValue) => {
    if (isInnermost(event) && event.detail === 1)
      openBeforeClick.current = { value, open: openItems.has(value) };
  };
  const onItemDoubleClick = (event: MouseEvent, node: ConsoleNode) => {
    if (!isInnermost(event) || !node.children?.length) return;
    const before = openBeforeClick.current;
    const wasOpen = before?.value === node.value ? before.open : openItems.has(node.value);
    setOpenItems((current) => {
      const next = new Set(current);
      if (wasOpen) next.delete(node.value);
      else next.add(node.value);
      return next;
    });
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
  const onItemContextMenu = (event: MouseEvent, node: ConsoleNode) => {
    if (!isInnermost(event)) return;
    event.preventDefault();
    const { clientX: x, clientY: y } = event;
    openMenu(node, { getBoundingClientRect: () => new DOMRect(x, y, 0, 0) }, false);
  };
  const onItemKeyDown = (event: KeyboardEvent<HTMLDivElement>, node: ConsoleNode) => {
    if (event.target !== event.currentTarget) return;
    if (event.key === 'ContextMenu' || (event.key === 'F10' && event.shiftKey)) {
      event.preventDefault();
      openMenu(node, event.currentTarget, true);
    }
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

  const renderNode = (node: ConsoleNode) => (
    <ConsoleTreeItem
      key={node.value}
      node={node}
      selected={selected?.value === node.value}
      selectedClassName={styles.selected}
      onSelect={() => {
        if (pathname !== node.value) navigate(node.value);
      }}
      onMouseDown={(event) => onItemMouseDown(event, node.value)}
      onDoubleClick={(event) => onItemDoubleClick(event, node)}
      onContextMenu={(event) => onItemContextMenu(event, node)}
      onKeyDown={(event) => onItemKeyDown(event, node)}
    >
      {node.children && node.children.length > 0 ? (
        <Tree collapseMotion={subtreeCollapse}>{node.children.map(renderNode)}</Tree>
      ) : null}
    </ConsoleTreeItem>
  );

  return (
    <>
      <Tree
        ref={treeRef}
        aria-label="Console tree"
        size="small"
        className={styles.tree}
        openItems={openItems}
        onOpenChange={onOpenChange}
      >
        {renderNode(root)}
      </Tree>
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

function ConsoleTreeItem(props: {
  node: ConsoleNode;
  selected: boolean;
  selectedClassName: string;
  onSelect: () => void;
  onMouseDown: (event: MouseEvent) => void;
  onDoubleClick: (event: MouseEvent) => void;
  onContextMenu: (event: MouseEvent) => void;
  onKeyDown: (event: KeyboardEvent<HTMLDivElement>) => void;
  children: ReactElement | null;
}) {
  return (
    <TreeItem
      value={props.node.value}
      itemType={props.children ? 'branch' : 'leaf'}
      // No aria-labelledby: the item is named from its content, and browsers leave out the nested group of
      // its children, so the name is its own text. A label pointing at that text would make axe's
      // label-content-name-mismatch compare it with every visible child's text too.
      aria-selected={props.selected}
      aria-current={props.selected ? 'page' : undefined}
      onClick={props.onSelect}
      onMouseDown={props.onMouseDown}
      onDoubleClick={props.onDoubleClick}
      onContextMenu={props.onContextMenu}
      onKeyDown={props.onKeyDown}
    >
      <TreeItemLayout
        iconBefore={props.node.icon}
        className={props.selected ? props.selectedClassName : undefined}
      >
        {props.node.label}
      </TreeItemLayout>
      {props.children}
    </TreeItem>
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
