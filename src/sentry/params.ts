// Where and what to record in Sentry, as the inputs give it (read in inputs.ts).
export interface SentryParams {
  token: string;
  /** Server root, without a trailing slash. */
  baseUrl: string;
  org: string;
  projects: string[];
  environment: string;
  /** The release name, with `{version}`, `{tag}` and `{sha}` still to fill in. */
  release: string;
  watchMs?: number;
  maxNewIssues?: number;
}
