import { apiPath } from '@bts-console/domain';

/**
 * What a delivered instance sent. A plain link rather than a fetch: the browser streams the attachment
 * to disk under the file name the API gives, with the session cookie, and nothing is held in memory.
 */
export function instanceOutputUrl(instanceId: string): string {
  return apiPath`/api/instances/${instanceId}/output`;
}
