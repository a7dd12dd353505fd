// What the sandbox remembers about SCM repo links, their pull requests and review apps (see state.ts).

/** Review-app settings of a link (api-facts-wave2 §15.5). */
export interface ScmSettings {
  auto_deploy_enabled: boolean;
  deploy_review_apps_enabled: boolean;
  delete_on_close_enabled: boolean;
  hours_before_delete_on_close: number;
  delete_stale_enabled: boolean;
  hours_before_delete_stale: number;
  automatic_creation_from_forks_allowed: boolean;
}

export interface PullRequestState {
  /** GitHub's internal id (not the number). */
  id: number;
  number: number;
  title: string;
  branch: string;
  headSha: string;
  sourceUrl: string | null;
  /** Owner of the fork the branch comes from, or null. */
  forkOwner: string | null;
  createdAt: string;
  closedAt: string | null;
}

export interface ScmRepoLinkState {
  id: string;
  owner: string;
  repo: string;
  branch: string;
  headSha: string;
  sourceUrl?: string;
  createdAt: string;
  settings: ScmSettings;
  /** Known PRs: declared with sandbox.pullRequest, or met by number while none is declared. */
  pulls: Map<number, PullRequestState>;
  /** Once a PR is declared, numbers never declared do not exist. */
  pullsDeclared: boolean;
}

export interface ReviewAppState {
  id: string;
  appName: string;
  pullRequest: number;
  createdAt: string;
}
