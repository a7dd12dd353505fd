import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { countCommits, logCommits, type RestCommit } from '../git-data.ts';
import { json, notFound, page, type Ctx, type DoubleCore, type Reply, type Route } from '../kit.ts';
import { accountId } from '../tokens.ts';

const R = '^/repos/([^/]+)/([^/]+)';

export function links(core: DoubleCore): { apiRepo: string; htmlRepo: string } {
  return { apiRepo: `${core.url}/repos/${core.owner}/${core.repo}`, htmlRepo: core.htmlUrl };
}

/** The repository as REST embeds it (`GET /repos/{o}/{r}`, `base.repo`, event payloads). */
export function repoView(core: DoubleCore): Record<string, unknown> {
  return {
    id: 1296269,
    node_id: 'MDEwOlJlcG9zaXRvcnkxMjk2MjY5',
    name: core.repo,
    full_name: `${core.owner}/${core.repo}`,
    owner: { login: core.owner, type: 'Organization' },
    private: true,
    html_url: core.htmlUrl,
    url: links(core).apiRepo,
    fork: false,
    default_branch: core.git.defaultBranch,
    visibility: 'private',
    clone_url: `${core.htmlUrl}.git`,
    archived: false,
    disabled: false,
  };
}

/** A contributor's fork of the repository, where a fork pull request's head branch lives. */
export function forkView(core: DoubleCore, owner: string): Record<string, unknown> {
  return {
    id: 1296269 + accountId(owner),
    node_id: Buffer.from(`Repository:${owner}/${core.repo}`).toString('base64'),
    name: core.repo,
    full_name: `${owner}/${core.repo}`,
    owner: { login: owner, type: 'User' },
    private: false,
    html_url: `${core.url}/${owner}/${core.repo}`,
    url: `${core.url}/repos/${owner}/${core.repo}`,
    fork: true,
    default_branch: core.git.defaultBranch,
    visibility: 'public',
    clone_url: `${core.url}/${owner}/${core.repo}.git`,
    archived: false,
    disabled: false,
  };
}

function noCommit(ref: string): Reply {
  return json(422, {
    message: `No commit found for SHA: ${ref}`,
    documentation_url: 'https://docs.github.com/rest/commits/commits#get-a-commit',
    status: '422',
  });
}

// Two refs compared once keep their answer: the client walks the commits page by page.
const comparisons = new WeakMap<
  DoubleCore,
  Map<string, Omit<Record<string, unknown>, 'commits'> & { commits: RestCommit[] }>
>();

function comparison(ctx: Ctx, base: string, head: string, baseSha: string, headSha: string) {
  const { git } = ctx.core;
  const commits = logCommits(git, ['--reverse', `${baseSha}..${headSha}`], links(ctx.core));
  const behindBy = countCommits(git, `${headSha}..${baseSha}`);
  const aheadBy = commits.length;
  const status =
    aheadBy === 0 && behindBy === 0 ? 'identical' : behindBy === 0 ? 'ahead' : aheadBy === 0 ? 'behind' : 'diverged';
  const mergeBase = git.git(['merge-base', baseSha, headSha]).trim();
  return {
    url: `${links(ctx.core).apiRepo}/compare/${base}...${head}`,
    html_url: `${ctx.core.htmlUrl}/compare/${base}...${head}`,
    permalink_url: `${ctx.core.htmlUrl}/compare/${baseSha}...${headSha}`,
    base_commit: logCommits(git, ['-1', baseSha], links(ctx.core))[0],
    merge_base_commit: logCommits(git, ['-1', mergeBase], links(ctx.core))[0],
    status,
    ahead_by: aheadBy,
    behind_by: behindBy,
    total_commits: aheadBy,
    commits,
  };
}

function compare(ctx: Ctx): Reply {
  const [base = '', head = ''] = (ctx.params[2] ?? '').split('...');
  const baseSha = ctx.core.git.resolve(base);
  const headSha = ctx.core.git.resolve(head);
  if (!baseSha || !headSha) return notFound();
  const cache = comparisons.get(ctx.core) ?? new Map();
  comparisons.set(ctx.core, cache);
  const key = `${base}...${head}@${baseSha}...${headSha}`;
  try {
    ctx.core.git.git(['merge-base', baseSha, headSha]);
  } catch {
    return json(404, { message: `No common ancestor between ${base} and ${head}.`, status: '404' });
  }
  const answer = cache.get(key) ?? comparison(ctx, base, head, baseSha, headSha);
  cache.set(key, answer);
  return page(ctx, answer.commits, (slice) => ({ ...answer, commits: slice }));
}

function tags(ctx: Ctx): Reply {
  const out = ctx.core.git.git([
    'for-each-ref',
    '--sort=-creatordate',
    '--format=%(refname:short)%00%(objectname)%00%(*objectname)',
    'refs/tags',
  ]);
  const list = out
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [name = '', object = '', peeled = ''] = line.split('\x00');
      const sha = peeled || object;
      return {
        name,
        commit: { sha, url: `${links(ctx.core).apiRepo}/commits/${sha}` },
        zipball_url: `${links(ctx.core).apiRepo}/zipball/refs/tags/${name}`,
        tarball_url: `${links(ctx.core).apiRepo}/tarball/refs/tags/${name}`,
        node_id: Buffer.from(`Ref:${name}`).toString('base64'),
      };
    });
  return page(ctx, list);
}

function tarball(ctx: Ctx): Reply {
  const ref = (ctx.params[2] ?? '').replace(/^refs\/(heads|tags)\//, '');
  const sha = ctx.core.git.resolve(ref);
  if (!sha) return notFound();
  const token = randomBytes(16).toString('hex');
  ctx.core.archiveTokens.set(token, sha);
  const { owner, repo } = ctx.core;
  return {
    status: 302,
    headers: { location: `${ctx.core.loopbackUrl}/_codeload/${owner}/${repo}/legacy.tar.gz/${sha}?token=${token}` },
  };
}

/** The signed archive URL: a real `git archive` of the commit, streamed. */
function codeload(ctx: Ctx): Reply {
  const sha = ctx.params[2] ?? '';
  if (ctx.core.archiveTokens.get(ctx.query.get('token') ?? '') !== sha)
    return json(403, { message: 'invalid or expired archive token' });
  const prefix = `${ctx.core.repo}-${sha}/`;
  const child = spawn('git', ['archive', '--format=tar.gz', `--prefix=${prefix}`, sha], {
    cwd: ctx.core.git.dir,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  ctx.res.writeHead(200, {
    'content-type': 'application/x-gzip',
    'content-disposition': `attachment; filename=${ctx.core.repo}-${sha}.tar.gz`,
  });
  child.stdout.pipe(ctx.res);
  ctx.res.on('close', () => child.kill());
  return { status: 200, streamed: true };
}

export const repoRoutes: Route[] = [
  {
    method: 'GET',
    pattern: new RegExp(`${R}$`),
    handle: (ctx) => json(200, repoView(ctx.core)),
  },
  {
    method: 'GET',
    pattern: new RegExp(`${R}/commits/(.+)$`),
    handle: (ctx) => {
      const ref = ctx.params[2] ?? '';
      const sha = ctx.core.git.resolve(ref);
      if (!sha) return noCommit(ref);
      return json(200, logCommits(ctx.core.git, ['-1', sha], links(ctx.core))[0]);
    },
  },
  { method: 'GET', pattern: new RegExp(`${R}/compare/(.+)$`), handle: compare },
  { method: 'GET', pattern: new RegExp(`${R}/tags$`), handle: tags },
  { method: 'GET', pattern: new RegExp(`${R}/tarball/(.+)$`), handle: tarball },
  {
    method: 'GET',
    pattern: /^\/_codeload\/([^/]+)\/([^/]+)\/legacy\.tar\.gz\/([0-9a-f]{40})$/,
    public: true,
    handle: codeload,
  },
];
