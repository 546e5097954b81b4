import { Button, Tooltip } from '@fluentui/react-components';
import { CheckmarkRegular, CopyRegular } from '@fluentui/react-icons';
import { useEffect, useState } from 'react';

/** Copies a value to the clipboard and says so, e.g. a thumbprint in one of its three forms. */
export function CopyButton({ value, label, disabled }: { value: string; label: string; disabled?: boolean }) {
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = window.setTimeout(() => setCopied(false), 1500);
    return () => window.clearTimeout(timer);
  }, [copied]);
  return (
    <Tooltip content={copied ? 'Copied' : value || label} relationship="description">
      <Button
        size="small"
        icon={copied ? <CheckmarkRegular /> : <CopyRegular />}
        disabled={disabled || value === ''}
        onClick={() => {
          void navigator.clipboard.writeText(value).then(() => setCopied(true));
        }}
      >
        {label}
      </Button>
    </Tooltip>
  );
}
