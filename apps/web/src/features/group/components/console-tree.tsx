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
import { useEffect, useId, useMemo, useState, type ReactElement } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { APPLICATION_NODES, PLATFORM_NODES, consolePaths, groupNodeLabel } from '../../../lib/console-paths';
import { useApplications } from '../api/get-applications';
import { useGroup } from '../api/get-group';

type ConsoleNode = { value: string; label: string; icon: ReactElement; children?: ConsoleNode[] };

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
  const { pathname } = useLocation();
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
          children: APPLICATION_NODES.map((node) => ({
            value: consolePaths.applicationNode(application.name, node.segment),
            label: node.label,
            icon: <FolderRegular />,
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
  useEffect(() => {
    if (!selected) return;
    const ancestors = ancestorsOf(root, selected.value);
    setOpenItems((current) => {
      if (ancestors.every((value) => current.has(value))) return current;
      return new Set([...current, ...ancestors]);
    });
  }, [root, selected]);

  const onOpenChange = (_: unknown, data: TreeOpenChangeData) => {
    // A click selects; it opens a closed branch but does not close the one the user is working in.
    if (data.type === 'Click' && !data.open && selected?.value !== data.value) return;
    setOpenItems(new Set(data.openItems));
  };

  const renderNode = (node: ConsoleNode) => (
    <ConsoleTreeItem
      key={node.value}
      node={node}
      selected={selected?.value === node.value}
      selectedClassName={styles.selected}
      onSelect={() => {
        if (pathname !== node.value) navigate(node.value);
      }}
    >
      {node.children && node.children.length > 0 ? <Tree>{node.children.map(renderNode)}</Tree> : null}
    </ConsoleTreeItem>
  );

  return (
    <>
      <Tree
        aria-label="Console tree"
        size="small"
        className={styles.tree}
        openItems={openItems}
        onOpenChange={onOpenChange}
      >
        {renderNode(root)}
      </Tree>
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
  children: ReactElement | null;
}) {
  const labelId = useId();
  return (
    <TreeItem
      value={props.node.value}
      itemType={props.children ? 'branch' : 'leaf'}
      // The item's name is its own text, not its children's: tests and screen readers find it by that.
      aria-labelledby={labelId}
      aria-selected={props.selected}
      aria-current={props.selected ? 'page' : undefined}
      onClick={props.onSelect}
    >
      <TreeItemLayout
        iconBefore={props.node.icon}
        main={{ id: labelId }}
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
