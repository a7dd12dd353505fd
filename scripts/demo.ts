// `npm run demo`: the whole story on loopback, with the real bundles run as the runner runs them.
// A Scalingo sandbox and a GitHub double start; a small app repository gets merged pull requests
// and tags; then: release notes draft, staging deploy with live log, post-deploy commands,
// production release of v1.1.0 with backup and publish, and a pull request's review app from
// opened to closed. Everything is removed at the end.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startSandbox } from '../sandbox/scalingo/index.ts';
import { startGitHubDouble } from '../sandbox/github/index.ts';
import { bold, dim, renderMarkdown } from './terminal-markdown.ts';

const ROOT = resolve(import.meta.dirname, '..');
const started = performance.now();
const work = mkdtempSync(join(tmpdir(), 'scalingo-actions-demo-'));

const MANAGE = `#!/bin/sh
# A stand-in for manage.py: migrations recorded in a file-backed database.
set -e
db="\${DATABASE_PATH:?DATABASE_PATH is not set}"
touch "$db"
case "$1" in
  migrate)
    for m in migrations/*.sql; do
      name=$(basename "$m" .sql)
      if grep -qx "$name" "$db"; then echo "  No migrations to apply for $name."; else echo "$name" >> "$db"; echo "  Applying $name... OK"; fi
    done ;;
  check) echo "System check identified no issues (release $(ls migrations | wc -l | tr -d ' ') migrations)" ;;
  update_permissions) echo "Permissions updated for $(wc -l < "$db" | tr -d ' ') migrated models" ;;
  clearsessions) echo "Expired sessions removed" ;;
  *) echo "Unknown command: $1" >&2; exit 2 ;;
esac
`;

function step(title: string): void {
  console.log(`\n${bold(`━━ ${title} ${'━'.repeat(Math.max(0, 70 - title.length))}`)}`);
}

/** Shows what the runner would show: log groups, annotations; hides masking and debug commands. */
function present(line: string): string | undefined {
  if (line.startsWith('::add-mask::') || line.startsWith('::debug::')) return undefined;
  const group = /^::group::(.*)$/.exec(line);
  if (group) return `${bold('▸')} ${group[1]}`;
  if (line === '::endgroup::') return undefined;
  const annotation = /^::(error|warning|notice)[^:]*::(.*)$/.exec(line);
  if (annotation) return `${bold(annotation[1]!.toUpperCase())}: ${annotation[2]!.replace(/%0A/g, '\n  ')}`;
  return `  ${line}`;
}

async function runBundle(
  name: string,
  inputs: Record<string, string>,
  env: Record<string, string>,
  event: unknown = { repository: { full_name: 'acme/shop' } },
): Promise<Record<string, string>> {
  const dir = mkdtempSync(join(work, `${name}-`));
  const files = {
    output: join(dir, 'output'),
    state: join(dir, 'state'),
    summary: join(dir, 'summary'),
    event: join(dir, 'event.json'),
  };
  writeFileSync(files.output, '');
  writeFileSync(files.state, '');
  writeFileSync(files.summary, '');
  writeFileSync(files.event, JSON.stringify(event));
  const childEnv: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    GITHUB_ACTIONS: 'true',
    GITHUB_OUTPUT: files.output,
    GITHUB_STATE: files.state,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_EVENT_PATH: files.event,
    GITHUB_RUN_ID: '1001',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_ACTOR: 'alice',
    RUNNER_TEMP: dir,
    ...env,
  };
  for (const [key, value] of Object.entries(inputs)) childEnv[`INPUT_${key.toUpperCase()}`] = value;
  const child = spawn(process.execPath, [join(ROOT, 'dist', name, 'index.js')], {
    env: childEnv,
    cwd: dir,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let pending = '';
  child.stdout.on('data', (chunk: Buffer) => {
    const lines = (pending + chunk.toString()).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const shown = present(line);
      if (shown !== undefined) console.log(shown);
    }
  });
  const code = await new Promise<number | null>((done) => child.on('close', done));
  const outputs: Record<string, string> = {};
  const text = readFileSync(files.output, 'utf8');
  for (const m of text.matchAll(/^([\w-]+)<<(\S+)\n([\s\S]*?)\n\2$/gm)) outputs[m[1]!] = m[3]!;
  console.log(`\n${dim('outputs')}`);
  for (const [key, value] of Object.entries(outputs)) {
    const short = value.length > 100 || value.includes('\n') ? `${value.split('\n')[0]!.slice(0, 100)} …` : value;
    console.log(`  ${key.padEnd(18)} ${short}`);
  }
  console.log(`\n${dim('job summary')}\n${renderMarkdown(readFileSync(files.summary, 'utf8'))}`);
  if (code !== 0) throw new Error(`${name} exited with ${code}: the demo expected success`);
  return outputs;
}

const sandbox = await startSandbox({ phaseMs: 120 });
const github = await startGitHubDouble({ owner: 'acme', repo: 'shop' });
try {
  step('1. An example app: a Django-like repository with merged pull requests and tags');
  const git = github.git;
  git.commit(
    {
      Procfile: 'web: sh bin/web.sh\npostdeploy: sh bin/manage.sh check\n',
      'bin/web.sh': 'exec python3 -m http.server "$PORT"\n',
      'bin/manage.sh': MANAGE,
      'migrations/0001_initial.sql': 'CREATE TABLE product (id serial, name text);\n',
      'README.md': '# shop\n',
    },
    'Initial shop',
  );
  const v100 = git.tag('v1.0.0');
  git.mergePullRequest({
    title: 'feat: shopping cart',
    labels: ['feature'],
    author: 'alice',
    files: { 'migrations/0002_cart.sql': 'CREATE TABLE cart (id serial);\n' },
    strategy: 'squash',
  });
  git.mergePullRequest({
    title: 'fix: VAT rounding on invoices',
    labels: ['bug'],
    author: 'bob',
    files: { 'shop/vat.py': 'ROUND = 2\n' },
    strategy: 'merge',
  });
  git.mergePullRequest({
    title: 'Bump django from 5.1.2 to 5.1.3',
    labels: ['dependencies'],
    author: 'dependabot[bot]',
    files: { 'requirements.txt': 'django==5.1.3\n' },
    strategy: 'squash',
  });
  git.mergePullRequest({
    title: 'refactor: checkout service',
    author: 'carol',
    body: 'Internal.\n\n```release-note\nCheckout is faster on large carts.\n```\n',
    files: { 'shop/checkout.py': 'def checkout(): pass\n' },
    strategy: 'rebase',
  });
  const v110 = git.tag('v1.1.0');
  console.log(`  acme/shop: v1.0.0 = ${v100.slice(0, 7)}, 4 merged pull requests, v1.1.0 = ${v110.slice(0, 7)}`);

  const db = (name: string) => join(work, `${name}.db`);
  sandbox.createApp('shop-staging', { variables: { DATABASE_PATH: db('staging') } });
  sandbox.createApp('shop', { variables: { DATABASE_PATH: db('production') }, addons: ['postgresql', 'redis'] });
  // Production already runs v1.0.0, deployed before this story starts.
  sandbox.startDeployment('shop', { gitRef: git.head('v1.0.0') });
  console.log(`  Scalingo sandbox ${sandbox.url}: apps shop-staging and shop (PostgreSQL + Redis, running v1.0.0)`);

  const githubEnv = (ref: string, sha: string, event: string) => ({
    GITHUB_API_URL: github.apiUrl,
    GITHUB_GRAPHQL_URL: github.graphqlUrl,
    GITHUB_SERVER_URL: github.url,
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_REF: ref,
    GITHUB_REF_NAME: ref.replace(/^refs\/(heads|tags)\//, ''),
    GITHUB_SHA: sha,
    GITHUB_EVENT_NAME: event,
    GITHUB_WORKSPACE: git.dir,
  });
  const scalingo = {
    'api-token': sandbox.apiToken,
    'api-url': sandbox.apiUrl,
    'auth-url': sandbox.authUrl,
    'db-api-url': sandbox.dbApiUrl,
  };
  const main = githubEnv('refs/heads/main', git.head('main'), 'push');

  step('2. release-notes on push to main: the draft for v1.1.0');
  await runBundle('release-notes', { tag: 'v1.1.0', path: git.dir, 'github-token': github.token }, main);

  step('3. deploy on push to main: staging, live build log');
  await runBundle(
    'deploy',
    { ...scalingo, app: 'shop-staging', 'github-token': github.token, environment: 'staging' },
    main,
  );

  step('4. post-deploy: migrations, permissions, session cleanup as one-off containers');
  await runBundle(
    'post-deploy',
    {
      ...scalingo,
      app: 'shop-staging',
      commands: 'sh bin/manage.sh migrate\nsh bin/manage.sh update_permissions\nsh bin/manage.sh clearsessions',
    },
    main,
  );

  step('5. deploy-production on tag v1.1.0: guards, backup, deploy, migrations, health check, release');
  await runBundle(
    'deploy-production',
    {
      ...scalingo,
      app: 'shop',
      'github-token': github.token,
      tag: 'v1.1.0',
      'staging-app': 'shop-staging',
      'post-deploy': 'sh bin/manage.sh migrate\nsh bin/manage.sh clearsessions',
      'health-check': '/healthz',
    },
    githubEnv('refs/tags/v1.1.0', v110, 'push'),
  );

  step('6. review-app on a pull request: its own app and PostgreSQL, deployed at the head, seeded once');
  const wishlist = git.openPullRequest({
    title: 'feat: wishlist',
    author: 'dave',
    files: { 'migrations/0003_wishlist.sql': 'CREATE TABLE wishlist (id serial);\n' },
  });
  const review = {
    ...scalingo,
    'parent-app': 'shop-staging',
    'github-token': github.token,
    addons: 'postgresql:postgresql-starter-512',
    env: `DATABASE_PATH=${work}/review-pr%PR_NUMBER%.db\nALLOWED_HOSTS=%APP_HOST%\nSEND_EMAILS=false`,
    seed: 'sh bin/manage.sh migrate',
  };
  const prRun = (action: 'opened' | 'synchronize' | 'closed') => {
    const made = github.pullRequestEvent({ number: wishlist.number, action });
    return runBundle('review-app', review, { ...main, ...made.env }, made.payload);
  };
  await prRun('opened');

  step('7. review-app on a push to the pull request: redeployed, not seeded again');
  git.pushToPullRequest(wishlist.number, { files: { 'shop/wishlist.py': 'LIMIT = 50\n' }, message: 'Wishlist limit' });
  await prRun('synchronize');

  step('8. review-app when the pull request closes: the review app is deleted');
  git.mergeOpenPullRequest(wishlist.number, 'squash');
  await prRun('closed');
  const comment = github.state.comments.find((c) => c.body.includes('scalingo-actions:review-app'));
  console.log(
    `\n${dim('the pull request comment, last edited on close')}\n${renderMarkdown(comment?.body ?? '(none)')}`,
  );

  step('What happened');
  const release = github.state.releases.find((r) => r.tag_name === 'v1.1.0');
  console.log(`  GitHub release v1.1.0: ${release ? (release.draft ? 'still a draft' : 'published') : 'missing'}`);
  console.log(
    `  GitHub deployments: ${github.state.deployments.map((d) => `${d.environment}@${String(d.sha).slice(0, 7)}`).join(', ')}`,
  );
  console.log(
    `  Production database migrations: ${readFileSync(db('production'), 'utf8').trim().split('\n').join(', ')}`,
  );
  console.log(`  Scalingo requests: ${sandbox.journal.length}, GitHub requests: ${github.journal.length}`);
  console.log(`\n${bold(`Demo finished in ${((performance.now() - started) / 1000).toFixed(1)} s.`)}`);
} finally {
  await sandbox.close();
  await github.close();
  rmSync(work, { recursive: true, force: true });
}
