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
    // Disabled but focusable, so the tooltip and the accessible description can say why.
    <Tooltip content={copied ? 'Copied' : value || 'Nothing to copy yet.'} relationship="description">
      <Button
        size="small"
        icon={copied ? <CheckmarkRegular /> : <CopyRegular />}
        disabledFocusable={disabled || value === ''}
        onClick={() => {
          void navigator.clipboard.writeText(value).then(() => setCopied(true));
        }}
      >
        {label}
      </Button>
    </Tooltip>
  );
}
