export { GitHubClient } from './client.ts';
export type { GitHubClientOptions } from './client.ts';
export { GitHubApiError, GitHubPermissionError, isPermissionError } from './errors.ts';
export type * from './types.ts';
