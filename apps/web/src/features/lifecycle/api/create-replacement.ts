import {
  ReplacementResultSchema,
  ScheduledReplacementSchema,
  type ReplacementRequest,
} from '@bts-console/domain';
import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';

/** Applies now: all-or-nothing, with the ETags of the preview. */
export async function applyReplacement(request: Omit<ReplacementRequest, 'dryRun' | 'at'>) {
  const { body } = await apiRequest('/api/certificate-replacements', ReplacementResultSchema, {
    method: 'POST',
    body: request,
  });
  return body;
}

/** Schedules for `at`: the scheduler carries it out then, re-checking every rule. */
export async function scheduleReplacement(request: Omit<ReplacementRequest, 'dryRun'> & { at: string }) {
  const { body } = await apiRequest('/api/certificate-replacements', ScheduledReplacementSchema, {
    method: 'POST',
    body: request,
  });
  return body;
}

function invalidateAfterReplacement(queryClient: QueryClient) {
  void queryClient.invalidateQueries({ queryKey: ['certificate-replacements', 'list'] });
  void queryClient.invalidateQueries({ queryKey: ['certificates'] });
  void queryClient.invalidateQueries({ queryKey: ['send-ports'] });
  void queryClient.invalidateQueries({ queryKey: ['group', 'hub'] });
}

export function useApplyReplacement() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: applyReplacement,
    onSettled: () => invalidateAfterReplacement(queryClient),
  });
}

export function useScheduleReplacement() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: scheduleReplacement,
    onSettled: () => invalidateAfterReplacement(queryClient),
  });
}
