import { Button, Text, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowDownloadRegular, CloudArrowUpRegular } from '@fluentui/react-icons';
import { GuardedButton } from '../../../components/guarded-button';
import { useNotify } from '../../../components/notify';
import { errorMessage } from '../../../lib/api-client';
import { REQUIRES_ADMINISTRATORS, usePermissions } from '../../../lib/auth/permissions';
import { installationScriptUrl, useInstallCertificate } from '../api/install-certificate';

const useStyles = makeStyles({
  row: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    paddingBlock: tokens.spacingVerticalXS,
  },
  error: { color: tokens.colorPaletteRedForeground1 },
});

function listOf(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/**
 * "Install on missing servers" and "PowerShell script" (DESIGN §12), wherever a certificate is missing on
 * a processing server: the first copies it there from a store that holds it; the second is the same
 * installation for the real servers this group stands for. Nothing shows while nothing is missing.
 */
export function InstallOnMissingServers({
  thumbprint,
  missingOn,
  subject,
}: {
  thumbprint: string;
  missingOn: readonly string[];
  /** What the buttons' accessible names add, where several certificates are on one page. */
  subject?: string;
}) {
  const styles = useStyles();
  const permissions = usePermissions();
  const install = useInstallCertificate();
  const notify = useNotify();
  if (missingOn.length === 0) return null;
  const suffix = subject ? ` (${subject})` : '';

  return (
    <div className={styles.row}>
      <GuardedButton
        size="small"
        icon={<CloudArrowUpRegular />}
        aria-label={`Install on missing servers${suffix}`}
        deniedReason={permissions.canChangeConfiguration ? null : REQUIRES_ADMINISTRATORS}
        disabled={install.isPending}
        onClick={() =>
          install.mutate(
            { thumbprint, computers: [...missingOn] },
            {
              onSuccess: (result) => {
                const installed = result.computers
                  .filter((entry) => entry.outcome === 'installed')
                  .map((entry) => entry.computer);
                notify(
                  'success',
                  installed.length > 0
                    ? `Installed on ${listOf(installed)}`
                    : `Already on ${listOf(result.computers.map((entry) => entry.computer))}`,
                  installed.length > 0 && result.copiedFrom
                    ? `Copied from the Other People store of ${result.copiedFrom}. Resume the messages that were suspended there.`
                    : undefined,
                );
              },
            },
          )
        }
      >
        {install.isPending ? 'Installing…' : `Install on missing servers (${listOf(missingOn)})`}
      </GuardedButton>
      <Button
        as="a"
        size="small"
        appearance="subtle"
        icon={<ArrowDownloadRegular />}
        href={installationScriptUrl(thumbprint, missingOn)}
        download
        aria-label={`PowerShell script${suffix}`}
      >
        PowerShell script
      </Button>
      {install.isError && (
        <Text role="alert" className={styles.error}>
          {errorMessage(install.error)}
        </Text>
      )}
    </div>
  );
}
