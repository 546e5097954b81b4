/**
 * Pastes built to make a careless normalizer slow, by length: the linear-time tests count what the
 * normalizer reads on them, and the benchmark times them.
 */
export const HOSTILE_THUMBPRINT_INPUTS: ReadonlyArray<readonly [string, (length: number) => string]> = [
  ['only digits', (n) => 'a'.repeat(n)],
  ['digits, then a bad character at the end', (n) => `${'F'.repeat(n - 1)}G`],
  ['only separators', (n) => ' :-\u00A0\t'.repeat(n / 5)],
  [
    'invisible characters around a valid thumbprint',
    (n) => `${'\u200E\uFEFF'.repeat((n - 40) / 2)}2634213E95D6482EFBF8FB7E6C7B8C6BA345C441`,
  ],
  ['digits, separators and invisible characters mixed', (n) => 'a\u200B:'.repeat(n / 3)],
  ['openssl prefix then a long tail', (n) => `SHA1 Fingerprint=${'0:'.repeat((n - 17) / 2)}`],
];
