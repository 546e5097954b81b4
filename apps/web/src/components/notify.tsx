import type { ToastIntent } from '@fluentui/react-components';
import {
  Suspense,
  createContext,
  lazy,
  useCallback,
  useContext,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import type { Notification, ShowNotification } from './console-toaster';

const ConsoleToaster = lazy(() =>
  import('./console-toaster').then((module) => ({ default: module.ConsoleToaster })),
);

const NotifyContext = createContext<ShowNotification | null>(null);

/**
 * Where notifications appear. The toaster's code arrives with the first notification rather than with
 * the first screen, which never shows one; what is said before it has arrived waits and then appears.
 */
export function NotificationsProvider({ children }: { children: ReactNode }) {
  const [wanted, setWanted] = useState(false);
  const show = useRef<ShowNotification | null>(null);
  const waiting = useRef<Notification[]>([]);

  const notify = useCallback((notification: Notification) => {
    if (show.current) {
      show.current(notification);
      return;
    }
    waiting.current.push(notification);
    setWanted(true);
  }, []);
  const onReady = useCallback((ready: ShowNotification) => {
    show.current = ready;
    waiting.current.splice(0).forEach(ready);
  }, []);

  return (
    <NotifyContext.Provider value={notify}>
      {children}
      {wanted && (
        <Suspense fallback={null}>
          <ConsoleToaster onReady={onReady} />
        </Suspense>
      )}
    </NotifyContext.Provider>
  );
}

/** Brief confirmation of what just happened, e.g. "SP.Orders.AS2 started". */
export function useNotify() {
  const notify = useContext(NotifyContext);
  if (!notify) throw new Error('useNotify needs a NotificationsProvider above it');
  return useCallback(
    (intent: ToastIntent, title: string, body?: string) => notify({ intent, title, body }),
    [notify],
  );
}
