import { describe, expect, it } from 'vitest';
import { auditChanges } from './audit-changes';

const THUMBPRINT = '0123456789ABCDEF0123456789ABCDEF01234567';

describe('auditChanges', () => {
  it('names a first assignment by common name and grouped thumbprint, with the servers acknowledged', () => {
    expect(
      auditChanges(
        null,
        { thumbprint: THUMBPRINT, commonName: 'Contoso AS2', acknowledgedMissingOn: ['BTS02', 'BTS03'] },
        'batch-1',
      ),
    ).toEqual([
      {
        field: 'Certificate',
        before: '(none)',
        after: 'Contoso AS2 (0123 4567 89AB CDEF 0123 4567 89AB CDEF 0123 4567)',
      },
      { field: 'Acknowledged missing on', before: '(none)', after: 'BTS02, BTS03' },
      { field: 'Batch', before: '', after: 'batch-1' },
    ]);
  });

  it('shows a removal as the certificate before and none after', () => {
    expect(auditChanges({ thumbprint: THUMBPRINT, commonName: null }, null, null)).toEqual([
      { field: 'Certificate', before: '0123 4567 89AB CDEF 0123 4567 89AB CDEF 0123 4567', after: '(none)' },
    ]);
  });

  it('words other fields and leaves out those that did not change', () => {
    expect(auditChanges({ status: 'Stopped', version: 2 }, { status: 'Started', version: 2 }, null)).toEqual([
      { field: 'Status', before: 'Stopped', after: 'Started' },
    ]);
    expect(auditChanges(null, { sessionsEnded: 2 }, null)).toEqual([
      { field: 'Sessions ended', before: '(none)', after: '2' },
    ]);
  });
});
