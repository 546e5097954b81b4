import { describe, expect, it } from 'vitest';
import { formatProblem, formatTable } from './output';

describe('formatTable', () => {
  it('aligns every column under its header', () => {
    const table = formatTable(
      [
        { header: 'Name', value: (row: { name: string; status: string; uri: string | null }) => row.name },
        { header: 'Status', value: (row) => row.status },
        { header: 'URI', value: (row) => row.uri },
      ],
      [
        { name: 'SP.Orders.AS2', status: 'Started', uri: 'https://as2.contoso.com' },
        { name: 'SP.X', status: 'Bound', uri: null },
      ],
    );
    expect(table.split('\n')).toEqual([
      'NAME           STATUS   URI',
      'SP.Orders.AS2  Started  https://as2.contoso.com',
      'SP.X           Bound    -',
    ]);
  });

  it('keeps a row on one line when a value has line breaks', () => {
    const table = formatTable([{ header: 'Description', value: (row: string) => row }], ['first\nsecond']);
    expect(table.split('\n')).toEqual(['DESCRIPTION', 'first second']);
  });
});

describe('formatProblem', () => {
  it("prints the API's code, detail and field errors", () => {
    expect(
      formatProblem({
        code: 'validation-failed',
        title: 'Validation failed',
        detail: 'The request has errors.',
        errors: [{ path: 'thumbprint', code: 'invalid-thumbprint', message: 'Enter a thumbprint' }],
      }),
    ).toBe('error [validation-failed]: The request has errors.\n  thumbprint: Enter a thumbprint');
  });
});
