import { Text, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { ArrowUploadRegular, CheckmarkCircleFilled, DismissCircleFilled } from '@fluentui/react-icons';
import { useRef, useState, type DragEvent } from 'react';
import { GuardedButton } from '../../../components/guarded-button';
import { Spinner } from '@fluentui/react-components';
import { errorMessage } from '../../../lib/api-client';
import { useImportCertificate } from '../api/import-certificate';

type ImportLine = {
  id: number;
  fileName: string;
  state: 'importing' | 'imported' | 'refused';
  message: string;
};

const useStyles = makeStyles({
  zone: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
    padding: tokens.spacingHorizontalM,
    border: `1px dashed ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  dragging: {
    border: `2px dashed ${tokens.colorBrandStroke1}`,
    backgroundColor: tokens.colorBrandBackground2,
  },
  lines: {
    listStyleType: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: '2px',
  },
  line: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
  ok: { color: tokens.colorPaletteGreenForeground1, flexShrink: 0 },
  refused: { color: tokens.colorPaletteRedForeground1, flexShrink: 0 },
  muted: { color: tokens.colorNeutralForeground3 },
});

/** Import into one computer's Other People store: pick files or drop them, each with its own result line. */
export function ImportCertificates({
  computer,
  deniedReason,
}: {
  computer: string;
  deniedReason: string | null;
}) {
  const styles = useStyles();
  const importCertificate = useImportCertificate();
  const inputRef = useRef<HTMLInputElement>(null);
  const nextId = useRef(1);
  const [lines, setLines] = useState<ImportLine[]>([]);
  const [dragging, setDragging] = useState(false);

  const importFiles = (files: File[]) => {
    if (deniedReason || files.length === 0) return;
    const started = files.map((file) => ({
      id: nextId.current++,
      fileName: file.name,
      state: 'importing' as const,
      message: 'Importing…',
    }));
    setLines((current) => [...started, ...current].slice(0, 50));
    files.forEach((file, index) => {
      const id = started[index]?.id;
      const settle = (state: ImportLine['state'], message: string) =>
        setLines((current) => current.map((line) => (line.id === id ? { ...line, state, message } : line)));
      // mutateAsync, not mutate: with several files in flight, mutate's callbacks fire for the last one only.
      importCertificate.mutateAsync({ computer, file }).then(
        (certificate) =>
          settle(
            'imported',
            `Imported ${certificate.subjectCommonName ?? certificate.subject} (${certificate.thumbprint})`,
          ),
        (error: unknown) => settle('refused', errorMessage(error)),
      );
    });
  };

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    importFiles([...event.dataTransfer.files]);
  };

  return (
    <div>
      <div
        className={mergeClasses(styles.zone, dragging && styles.dragging)}
        onDragOver={(event) => {
          if (deniedReason) return;
          event.preventDefault();
          event.dataTransfer.dropEffect = 'copy';
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        aria-label={`Drop certificate files here to import them into the Other People store of ${computer}`}
        role="group"
      >
        <GuardedButton
          icon={<ArrowUploadRegular />}
          deniedReason={deniedReason}
          onClick={() => inputRef.current?.click()}
        >
          Import...
        </GuardedButton>
        <Text size={200} className={styles.muted}>
          {deniedReason ??
            'or drop .cer, .crt, .pem or .der files here (public certificates only; several at once).'}
        </Text>
        <input
          ref={inputRef}
          type="file"
          multiple
          hidden
          accept=".cer,.crt,.pem,.der,application/pkix-cert,application/x-x509-ca-cert"
          aria-label="Certificate files"
          onChange={(event) => {
            importFiles([...(event.target.files ?? [])]);
            event.target.value = '';
          }}
        />
      </div>
      {lines.length > 0 && (
        <ul className={styles.lines} aria-label="Import results" aria-live="polite">
          {lines.map((line) => (
            <li key={line.id} className={styles.line}>
              {line.state === 'importing' && <Spinner size="extra-tiny" />}
              {line.state === 'imported' && (
                <CheckmarkCircleFilled className={styles.ok} aria-label="Imported" />
              )}
              {line.state === 'refused' && (
                <DismissCircleFilled className={styles.refused} aria-label="Refused" />
              )}
              <Text weight="semibold">{line.fileName}:</Text>
              <Text>{line.message}</Text>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
