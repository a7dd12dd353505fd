// A Sentry release's name: the `sentry-release` template filled in, and Sentry's rules for it.
const PLACEHOLDER = /\{(\w+)\}/g;

/** Sentry's version rules (facts A2): no slashes, no line breaks or tabs, not `.`, `..` or `latest`. */
export function releaseProblem(name: string): string | undefined {
  if (name === '' || name.length > 200) return 'must be 1 to 200 characters long';
  if (/[/\\\r\n\f\t]/.test(name)) return 'may not contain slashes, line breaks or tabs';
  if (['.', '..', 'latest'].includes(name)) return `'${name}' is reserved by Sentry`;
  return undefined;
}

/** `{version}` etc. filled in; the result is checked against Sentry's rules by the caller. */
export function releaseName(template: string, values: { version: string; tag: string; sha: string }): string {
  return template.replace(PLACEHOLDER, (_, key: string) => values[key as keyof typeof values] ?? '');
}
