/** Path segments are URL-encoded, one name each: BizTalk names contain dots, spaces, slashes and brackets. */
export function apiPath(strings: TemplateStringsArray, ...names: readonly string[]): string {
  return strings.reduce((path, part, index) => path + encodeURIComponent(names[index - 1] ?? '') + part);
}
