import { describe, expect, it } from 'vitest';
import { instanceErrorSummary } from './instance-error-summary';

describe('instanceErrorSummary', () => {
  it('keeps only the reason of a BizTalk send pipeline failure', () => {
    const error =
      'There was a failure executing the send pipeline: "Microsoft.BizTalk.EdiInt.DefaultPipelines.AS2Send" ' +
      'Source: "MIME/SMIME encoder" Send Port: "SP.Shipping.AS2" URI: "https://edi.northwindtraders.com/as2" ' +
      'Reason: The certificate with thumbprint 132F… expired on 2026-10-26.';
    expect(instanceErrorSummary(error)).toBe('The certificate with thumbprint 132F… expired on 2026-10-26.');
  });

  it('shows any other error whole, and nothing for none', () => {
    expect(instanceErrorSummary('No host instance of BizTalkServerApplication is running.')).toBe(
      'No host instance of BizTalkServerApplication is running.',
    );
    expect(instanceErrorSummary(null)).toBe('');
  });
});
