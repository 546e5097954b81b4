import { apiPath, TestMessageResultSchema, type TestMessageResult } from '@bts-console/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';

export type SendTestMessageInput = {
  sendPort: string;
  message: string;
  /** null lets the port's processing servers take turns. */
  server: string | null;
};

/** The message goes up as raw bytes (UTF-8), exactly as a partner system would hand it to the port. */
export async function sendTestMessage({
  sendPort,
  message,
  server,
}: SendTestMessageInput): Promise<TestMessageResult> {
  const path = apiPath`/api/send-ports/${sendPort}/test-message`;
  const query = server ? `?${new URLSearchParams({ server }).toString()}` : '';
  const body = new Blob([message], { type: 'application/octet-stream' });
  return (
    await apiRequest(`${path}${query}`, TestMessageResultSchema, {
      method: 'POST',
      body,
      headers: { 'Content-Type': 'application/octet-stream' },
    })
  ).body;
}

export function useSendTestMessage() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: sendTestMessage,
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: ['instances'] });
      void queryClient.invalidateQueries({ queryKey: ['event-log'] });
      void queryClient.invalidateQueries({ queryKey: ['group', 'hub'] });
    },
  });
}
