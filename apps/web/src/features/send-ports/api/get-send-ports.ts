import { apiPath, SendPortListSchema } from '@bts-console/domain';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '../../../lib/api-client';

export function getSendPorts(application: string, signal?: AbortSignal) {
  return apiGet(apiPath`/api/applications/${application}/send-ports`, SendPortListSchema, signal);
}

export const sendPortsQueryOptions = (application: string) =>
  queryOptions({
    queryKey: ['send-ports', { application }],
    queryFn: ({ signal }) => getSendPorts(application, signal),
  });

export function useSendPorts(application: string) {
  return useQuery(sendPortsQueryOptions(application));
}
