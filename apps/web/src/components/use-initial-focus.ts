import { useEffect, useRef } from 'react';

/**
 * Focus on this element when the dialog opens, rather than on its first button. A confirmation of
 * something risky (assign anyway, terminate, delete) starts on Cancel, so that Enter does not confirm it.
 * The dialog focuses its first element in an effect of its own, which React runs before this one.
 */
export function useInitialFocus<T extends HTMLElement>(open: boolean) {
  const ref = useRef<T>(null);
  useEffect(() => {
    if (open) ref.current?.focus();
  }, [open]);
  return ref;
}
