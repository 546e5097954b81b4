import type { CertificateDetail } from '@bts-console/domain';
import {
  Badge,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { Link } from 'react-router';
import { consolePaths } from '../../../lib/console-paths';
import { useVirtualTableRows } from '../../../lib/use-virtual-table-rows';

const ROW_HEIGHT = 33;

const useStyles = makeStyles({
  // A dozen rows in view; a certificate that thousands of ports share scrolls, drawing only those in view.
  scroller: { maxHeight: '420px', overflowY: 'auto', minHeight: 0 },
  header: { position: 'sticky', top: 0, zIndex: 1, backgroundColor: tokens.colorNeutralBackground1 },
  count: { color: tokens.colorNeutralForeground3 },
});

/**
 * The send ports that encrypt with a certificate, each a link to its Certificate page, with their
 * number. The list is the whole of it, scrolled: only the rows in view are in the document, as in every
 * results grid, so a certificate shared by 8,000 ports (a sixth of a 50,000-port group) opens at once.
 */
export function PortsUsingCertificate({ ports }: { ports: CertificateDetail['sendPorts'] }) {
  const styles = useStyles();
  const { scrollerRef, inView, before, after, measureElement } = useVirtualTableRows(
    ports.length,
    ROW_HEIGHT,
  );
  return (
    <>
      <Text className={styles.count}>
        {ports.length === 1 ? '1 send port' : `${ports.length.toLocaleString('en-US')} send ports`}
      </Text>
      {/* Focusable, so that the keyboard scrolls it. */}
      <div ref={scrollerRef} className={styles.scroller} tabIndex={0}>
        <Table
          size="small"
          aria-label="Send ports that use this certificate"
          aria-rowcount={ports.length + 1}
        >
          <TableHeader className={styles.header}>
            <TableRow aria-rowindex={1}>
              <TableHeaderCell>Send port</TableHeaderCell>
              <TableHeaderCell>Application</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {before > 0 && (
              <tr aria-hidden="true" style={{ height: before }}>
                <td colSpan={2} />
              </tr>
            )}
            {inView.map((virtual) => {
              const port = ports[virtual.index]!;
              return (
                <TableRow
                  key={port.name}
                  data-index={virtual.index}
                  ref={measureElement}
                  aria-rowindex={virtual.index + 2}
                >
                  <TableCell>
                    <Link to={consolePaths.sendPortProperties(port.application, port.name, 'certificate')}>
                      {port.name}
                    </Link>
                  </TableCell>
                  <TableCell>
                    <Badge appearance="outline" size="small">
                      {port.application}
                    </Badge>
                  </TableCell>
                </TableRow>
              );
            })}
            {after > 0 && (
              <tr aria-hidden="true" style={{ height: after }}>
                <td colSpan={2} />
              </tr>
            )}
          </TableBody>
        </Table>
      </div>
    </>
  );
}
