import { daysLeftInWords, type CertificateProblemKind } from '@bts-console/domain';

export type ServerCertificateProblem = { server: string; problem: CertificateProblemKind; daysLeft?: number };

/** "Missing on BTS02", "Expires in 12 days on BTS01": what an administrator must fix, and where. */
export function certificateProblemText(problem: ServerCertificateProblem): string {
  switch (problem.problem) {
    case 'missing':
      return `Missing on ${problem.server}`;
    case 'expired':
      return `Expired on ${problem.server}`;
    case 'not-yet-valid':
      return `Not yet valid on ${problem.server}`;
    case 'expiring':
      if (problem.daysLeft === undefined) return `Expiring soon on ${problem.server}`;
      return `Expires ${daysLeftInWords(problem.daysLeft)} on ${problem.server}`;
  }
}

/** "1 suspended instance", "3 suspended instances". */
export function countOf(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}
