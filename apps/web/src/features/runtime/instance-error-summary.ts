/**
 * The part of a BizTalk pipeline error that says what went wrong. Every 5754 error opens with the same
 * "There was a failure executing the send pipeline: … URI: …" preamble, so a column showing it from the
 * start shows nothing that tells the instances apart; the full text stays in the detail pane.
 */
export function instanceErrorSummary(error: string | null): string {
  if (!error) return '';
  const at = error.lastIndexOf('Reason: ');
  return at >= 0 ? error.slice(at + 'Reason: '.length).trim() : error;
}
