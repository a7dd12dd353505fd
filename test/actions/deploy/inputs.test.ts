import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readDeployInputs } from '../../../src/actions/deploy/inputs.ts';
import type { RunContext } from '../../../src/shared/context.ts';
import { Inputs, readerFromMap } from '../../../src/shared/inputs.ts';

const workspace = mkdtempSync(join(tmpdir(), 'deploy-inputs-'));
mkdirSync(join(workspace, 'build'));
writeFileSync(join(workspace, 'README.md'), 'hi\n');
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

const SHA = 'a'.repeat(40);
const context = { sha: SHA, workspace } as RunContext;
const base = { app: 'my-app-staging', 'api-token': 'tk-us-secret', 'github-token': 'ghs_x' };
// The inputs as one flat view: the ref and the source's mode, path and branch beside the deploy params.
const read = (values: Record<string, string>) => {
  const { ref, deploy } = readDeployInputs(new Inputs(readerFromMap({ ...base, ...values })), {}, context);
  const { source } = deploy;
  return {
    ref,
    ...deploy,
    source: source.mode,
    ...(source.mode === 'upload' ? { path: source.path } : {}),
    ...(source.mode === 'integration' ? { branch: source.branch } : {}),
  };
};

describe('readDeployInputs', () => {
  it('defaults: the workflow commit, archive, 30m, environment = app, GitHub deployment on', () => {
    expect(read({})).toMatchObject({
      ref: SHA,
      source: 'archive',
      timeoutMs: 30 * 60_000,
      environment: 'my-app-staging',
      githubDeployment: true,
      healthCheck: undefined,
      postDeploy: undefined,
    });
  });

  it.each([
    [{ ref: 'v1.2.3' }, { ref: 'v1.2.3' }],
    [{ ref: 'feature/cart' }, { ref: 'feature/cart' }],
    [
      { source: 'upload', path: 'build' },
      { source: 'upload', path: join(workspace, 'build') },
    ],
    [
      { source: 'integration', branch: 'main' },
      { source: 'integration', branch: 'main' },
    ],
    [
      { timeout: '45m', environment: 'staging' },
      { timeoutMs: 45 * 60_000, environment: 'staging' },
    ],
    [{ 'github-deployment': 'false' }, { githubDeployment: false }],
    [{ 'health-check': '/healthz' }, { healthCheck: { target: '/healthz', timeoutMs: 120_000 } }],
    [
      { 'health-check': 'https://shop.example/up', 'health-check-timeout': '30s' },
      { healthCheck: { target: 'https://shop.example/up', timeoutMs: 30_000 } },
    ],
    [
      {
        'post-deploy': 'python manage.py migrate --noinput\n# comment\npython manage.py clearsessions',
        'post-deploy-size': 'l',
        'post-deploy-env': 'DEBUG=0',
      },
      {
        postDeploy: {
          commands: ['python manage.py migrate --noinput', 'python manage.py clearsessions'],
          size: 'L',
          env: { DEBUG: '0' },
          isolate: false,
        },
      },
    ],
    [
      { 'post-deploy': 'echo a\necho b', 'post-deploy-isolate': 'true' },
      { postDeploy: { commands: ['echo a', 'echo b'], size: 'M', env: {}, isolate: true } },
    ],
  ])('%j', (values, expected) => {
    expect(read(values)).toMatchObject(expected);
  });

  it.each([
    ['api-token', { 'api-token': '' }],
    ['github-token', { 'github-token': '' }],
    ['app', { app: '' }],
    ['app', { app: 'Bad_Name' }],
    ['ref', { ref: 'two words' }],
    ['ref', { ref: 'a..b' }],
    ['ref', { ref: '-rf' }],
    ['source', { source: 'git' }],
    ['path', { source: 'upload', path: 'missing' }],
    ['path', { source: 'upload', path: 'README.md' }],
    ['branch', { source: 'integration', branch: 'bad branch' }],
    ['timeout', { timeout: 'forever' }],
    ['github-deployment', { 'github-deployment': 'maybe' }],
    ['health-check', { 'health-check': 'healthz' }],
    ['health-check', { 'health-check': 'ftp://x/y' }],
    ['health-check-timeout', { 'health-check-timeout': '0s' }],
    ['post-deploy-size', { 'post-deploy': 'x', 'post-deploy-size': 'XXL' }],
    ['post-deploy-env', { 'post-deploy': 'x', 'post-deploy-env': 'NOEQUALS' }],
    ['post-deploy-isolate', { 'post-deploy-isolate': 'sometimes' }],
  ])('rejects a bad %s', (input, values) => {
    expect(() => read(values)).toThrow(`Input '${input}'`);
  });

  it('needs a ref when the workflow has no commit', () => {
    expect(() => readDeployInputs(new Inputs(readerFromMap(base)), {}, { ...context, sha: '' })).toThrow("Input 'ref'");
  });
});
