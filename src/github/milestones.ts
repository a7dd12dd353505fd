// Milestones (facts B2): no title filter, so the list is read (every state, every page) and matched
// here; paths use the milestone's number, and a pull request takes one like an issue.
import type { GitHubHttp } from './http.ts';
import type { Milestone } from './types.ts';

interface RestMilestone {
  number: number;
  title: string;
  state: 'open' | 'closed';
  html_url: string;
}

const toMilestone = (m: RestMilestone): Milestone => ({
  number: m.number,
  title: m.title,
  state: m.state,
  htmlUrl: m.html_url,
});

export async function listMilestones(http: GitHubHttp, repoPath: string): Promise<Milestone[]> {
  return (await http.paginate<RestMilestone>(`${repoPath}/milestones`, { state: 'all' })).map(toMilestone);
}

export async function createMilestone(http: GitHubHttp, repoPath: string, title: string): Promise<Milestone> {
  const { data } = await http.request<RestMilestone>('POST', `${repoPath}/milestones`, { body: { title } });
  return toMilestone(data);
}

export async function closeMilestone(http: GitHubHttp, repoPath: string, number: number): Promise<Milestone> {
  const { data } = await http.request<RestMilestone>('PATCH', `${repoPath}/milestones/${number}`, {
    body: { state: 'closed' },
    idempotent: true,
  });
  return toMilestone(data);
}

/** Puts an issue or pull request in a milestone (a token without push access is silently ignored). */
export async function setMilestone(
  http: GitHubHttp,
  repoPath: string,
  issue: number,
  milestone: number,
): Promise<void> {
  await http.request('PATCH', `${repoPath}/issues/${issue}`, { body: { milestone }, idempotent: true });
}

/** Numbers of the issues and pull requests in a milestone, open and closed (all pages). */
export async function listMilestoneIssues(http: GitHubHttp, repoPath: string, milestone: number): Promise<number[]> {
  const items = await http.paginate<{ number: number }>(`${repoPath}/issues`, { milestone, state: 'all' });
  return items.map((item) => item.number);
}
