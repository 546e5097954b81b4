import { BindingsImportReportSchema, apiPath, type BindingsImportReport } from '@bts-console/domain';
import { ApiError, apiRequest } from '../../../lib/api-client';

/**
 * Imports a binding file into an application, or with `dryRun` reports what it would do. A file with
 * refused ports is a report too: the API refuses the whole import and puts the report in the problem.
 */
export async function importBindings(
  application: string,
  file: Blob,
  dryRun: boolean,
): Promise<BindingsImportReport> {
  try {
    const response = await apiRequest(
      `${apiPath`/api/applications/${application}/bindings`}${dryRun ? '?dryRun=true' : ''}`,
      BindingsImportReportSchema,
      { method: 'POST', body: file, headers: { 'Content-Type': 'application/xml' } },
    );
    return response.body;
  } catch (error) {
    if (error instanceof ApiError && error.code === 'bindings-refused') {
      const report = BindingsImportReportSchema.safeParse(error.body.report);
      if (report.success) return report.data;
    }
    throw error;
  }
}

/** Two reports describe the same outcome: the ports each would create, change, leave or refuse. */
export function sameOutcome(a: BindingsImportReport, b: BindingsImportReport): boolean {
  const outcome = (report: BindingsImportReport) =>
    JSON.stringify([report.created, report.updated, report.unchanged, report.refused, report.warnings]);
  return outcome(a) === outcome(b);
}
