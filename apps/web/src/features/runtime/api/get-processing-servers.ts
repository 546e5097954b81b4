import { apiPath, SendPortSchema, type ProcessingServer } from '@bts-console/domain';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '../../../lib/api-client';

/** The servers with an instance of the port's send handler: where a test message may run. */
export async function getProcessingServers(
  sendPort: string,
  signal?: AbortSignal,
): Promise<ProcessingServer[]> {
  return (await apiGet(apiPath`/api/send-ports/${sendPort}`, SendPortSchema, signal)).processingServers;
}

export const processingServersQueryOptions = (sendPort: string) =>
  queryOptions({
    // Its own key under the port: the Properties dialog caches the whole port (with its ETag) at ['send-ports', name].
    queryKey: ['send-ports', sendPort, 'processing-servers'],
    queryFn: ({ signal }) => getProcessingServers(sendPort, signal),
  });

export function useProcessingServers(sendPort: string, enabled = true) {
  return useQuery({ ...processingServersQueryOptions(sendPort), enabled });
}
