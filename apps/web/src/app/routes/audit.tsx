import { HistoryRegular } from '@fluentui/react-icons';
import { useSearchParams } from 'react-router';
import { ResultsHeader } from '../../components/results-header';
import type { AuditFilters } from '../../features/audit/api/get-audit';
import { AuditView } from '../../features/audit/components/audit-view';

const FILTER_KEYS = ['target', 'user', 'action', 'since', 'until'] as const;

/** The audit log; its filters live in the URL, so a filtered view can be bookmarked and shared. */
export default function AuditRoute() {
  const [searchParams, setSearchParams] = useSearchParams();
  const filters: AuditFilters = {};
  for (const key of FILTER_KEYS) {
    const value = searchParams.get(key);
    if (value) filters[key] = value;
  }
  return (
    <>
      <ResultsHeader
        title="Audit log"
        icon={<HistoryRegular />}
        description="Every change, who made it and from where; the log is append-only and hash-chained."
      />
      <AuditView
        filters={filters}
        onFiltersChange={(next) => {
          const params = new URLSearchParams();
          for (const key of FILTER_KEYS) {
            const value = next[key];
            if (value) params.set(key, value);
          }
          setSearchParams(params);
        }}
      />
    </>
  );
}
