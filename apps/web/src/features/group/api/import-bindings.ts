import { BindingsImportReportSchema, apiPath, type BindingsImportReport } from '@bts-console/domain';
import { ApiError, apiRequest } from '../../../lib/api-client';

export interface ImportBindingsOptions {
  dryRun: boolean;
  /** Per send port, the processing servers acknowledged to lack its certificate (DESIGN §3 c). */
  acknowledgements: ReadonlyMap<string, readonly string[]>;
  /** The fingerprint of the dry-run report the administrator confirmed: the server applies only on it. */
  confirmed?: string;
}

/**
 * Imports a binding file into an application, or with `dryRun` reports what it would do. A file with
 * refused ports is a report too: the API refuses the whole import and puts the report in the problem.
 * When the confirmed report no longer holds, nothing is imported and `changedMeanwhile` comes with the
 * server's new report.
 */
export async function importBindings(
  application: string,
  file: Blob,
  options: ImportBindingsOptions,
): Promise<{ report: BindingsImportReport; changedMeanwhile: boolean }> {
  const query = new URLSearchParams();
  if (options.dryRun) query.set('dryRun', 'true');
  for (const [sendPort, servers] of options.acknowledgements) {
    query.append('acknowledgeMissingOnPort', `${sendPort}:${servers.join(',')}`);
  }
  const search = query.size > 0 ? `?${query.toString()}` : '';
  try {
    const response = await apiRequest(
      `${apiPath`/api/applications/${application}/bindings`}${search}`,
      BindingsImportReportSchema,
      {
        method: 'POST',
        body: file,
        headers: {
          'Content-Type': 'application/xml',
          ...(options.confirmed ? { 'If-Match': options.confirmed } : {}),
        },
      },
    );
    return { report: response.body, changedMeanwhile: false };
  } catch (error) {
    if (
      error instanceof ApiError &&
      (error.code === 'bindings-refused' || error.code === 'precondition-failed')
    ) {
      const report = BindingsImportReportSchema.safeParse(error.body.report);
      if (report.success) return { report: report.data, changedMeanwhile: error.status === 412 };
    }
    throw error;
  }
}
