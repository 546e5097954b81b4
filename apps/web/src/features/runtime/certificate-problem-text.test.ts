import { describe, expect, it } from 'vitest';
import { certificateProblemText, countOf } from './certificate-problem-text';

describe('certificateProblemText', () => {
  it('names the server where the certificate is missing or expired', () => {
    expect(certificateProblemText({ server: 'BTS02', problem: 'missing' })).toBe('Missing on BTS02');
    expect(certificateProblemText({ server: 'BTS01', problem: 'expired' })).toBe('Expired on BTS01');
  });

  it('says how many days an expiring certificate has left, in the words of the API', () => {
    expect(certificateProblemText({ server: 'BTS01', problem: 'expiring', daysLeft: 12 })).toBe(
      'Expires in 12 days on BTS01',
    );
    expect(certificateProblemText({ server: 'BTS01', problem: 'expiring', daysLeft: 1 })).toBe(
      'Expires tomorrow on BTS01',
    );
    expect(certificateProblemText({ server: 'BTS01', problem: 'expiring', daysLeft: 0 })).toBe(
      'Expires today on BTS01',
    );
  });

  it('still warns when the API gives no day count', () => {
    expect(certificateProblemText({ server: 'BTS02', problem: 'expiring' })).toBe('Expiring soon on BTS02');
  });
});

describe('countOf', () => {
  it('uses the singular only for exactly one', () => {
    expect(countOf(1, 'instance', 'instances')).toBe('1 instance');
    expect(countOf(0, 'instance', 'instances')).toBe('0 instances');
    expect(countOf(3, 'instance', 'instances')).toBe('3 instances');
  });
});
