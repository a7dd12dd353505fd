import type { ScmRepoLinkResource } from './api.ts';
import { appPath } from './apps.ts';
import { readDeployment, readReviewApps, readScmRepoLink } from './answers.ts';
import { ScalingoApiError } from './errors.ts';
import type { HttpClient } from './http.ts';
import type { Deployment, ReviewApp, ScmRepoLink } from './types.ts';

/** The app's linked GitHub/GitLab repository: manual deploys and review apps go through it. */
export class ScmRepoLinks implements ScmRepoLinkResource {
  #http: HttpClient;

  constructor(http: HttpClient) {
    this.#http = http;
  }

  /** null when the app has no linked repository (a 404 about anything but the app itself). */
  async get(app: string): Promise<ScmRepoLink | null> {
    try {
      const res = await this.#http.request<{ scm_repo_link: ScmRepoLink }>({
        method: 'GET',
        url: this.#http.api(`${appPath(app)}/scm_repo_link`),
        expect: [200],
        idempotent: true,
        read: readScmRepoLink,
        what: `read the repository link of '${app}'`,
        app,
      });
      return res.body.scm_repo_link;
    } catch (error) {
      if (error instanceof ScalingoApiError && error.kind === 'not-found' && error.resource !== 'app') return null;
      throw error;
    }
  }

  /** Deploys the head of `branch`; Scalingo resolves it, so the caller checks the resulting git_ref. */
  async manualDeploy(app: string, branch: string): Promise<Deployment> {
    const res = await this.#http.request<{ deployment: Deployment }>({
      method: 'POST',
      url: this.#http.api(`${appPath(app)}/scm_repo_link/manual_deploy`),
      body: { branch },
      expect: [200],
      idempotent: false,
      read: readDeployment,
      what: `start a manual deployment of branch '${branch}' on '${app}'`,
      app,
    });
    return res.body.deployment;
  }

  /** Asks for a review app of pull request `number`; it is created asynchronously (see reviewApps). */
  async manualReviewApp(app: string, pullRequestNumber: number): Promise<void> {
    await this.#http.request<unknown>({
      method: 'POST',
      url: this.#http.api(`${appPath(app)}/scm_repo_link/manual_review_app`),
      body: { pull_request_id: pullRequestNumber },
      expect: [200],
      idempotent: false,
      what: `create a review app of pull request #${pullRequestNumber} from '${app}'`,
      app,
    });
  }

  async reviewApps(app: string): Promise<ReviewApp[]> {
    const res = await this.#http.request<{ review_apps?: ReviewApp[] }>({
      method: 'GET',
      url: this.#http.api(`${appPath(app)}/scm_repo_link/review_apps`),
      expect: [200],
      idempotent: true,
      read: readReviewApps,
      what: `list the review apps of '${app}'`,
      app,
    });
    return res.body.review_apps ?? [];
  }
}
