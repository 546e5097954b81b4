import {
  Toast,
  ToastBody,
  ToastTitle,
  Toaster,
  useToastController,
  type ToastIntent,
} from '@fluentui/react-components';
import { useEffect } from 'react';

const TOASTER_ID = 'console-toaster';

export type Notification = { intent: ToastIntent; title: string; body?: string | undefined };
export type ShowNotification = (notification: Notification) => void;

/** The console's toaster, loaded with the first notification; hands back how to show one once it listens. */
export function ConsoleToaster({ onReady }: { onReady: (show: ShowNotification) => void }) {
  const { dispatchToast } = useToastController(TOASTER_ID);
  // Effects run children first: by now the Toaster below listens for the toasts dispatched to it.
  useEffect(() => {
    onReady(({ intent, title, body }) =>
      dispatchToast(
        <Toast>
          <ToastTitle>{title}</ToastTitle>
          {body && <ToastBody>{body}</ToastBody>}
        </Toast>,
        { intent, timeout: intent === 'error' ? 8000 : 4000 },
      ),
    );
  }, [dispatchToast, onReady]);
  return <Toaster toasterId={TOASTER_ID} position="bottom-end" pauseOnHover />;
}
