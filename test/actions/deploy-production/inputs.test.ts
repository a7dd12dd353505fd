import { describe, expect, it } from 'vitest';
import { readDeployProductionInputs } from '../../../src/actions/deploy-production/inputs.ts';
import type { RunContext } from '../../../src/shared/context.ts';
import { Inputs, readerFromMap } from '../../../src/shared/inputs.ts';

const BASE = { app: 'shop', 'api-token': 'tk-us-x', 'github-token': 'ghs_x' };

function context(ref: string): RunContext {
  return {
    owner: 'acme',
    repo: 'shop',
    sha: 'a'.repeat(40),
    ref,
    refName: ref.replace(/^refs\/(tags|heads)\//, ''),
    eventName: 'push',
    actor: 'alice',
    runId: '1',
    runAttempt: '1',
    serverUrl: 'https://github.com',
    apiUrl: 'https://api.github.com',
    graphqlUrl: 'https://api.github.com/graphql',
    workspace: '/tmp',
    payload: {},
  };
}

// The inputs as one flat view: the connection settings beside the release the domain takes.
const read = (values: Record<string, string>, ref = 'refs/tags/v1.4.0') => {
  const { scalingo, githubToken, release } = readDeployProductionInputs(
    new Inputs(readerFromMap({ ...BASE, ...values })),
    {},
    context(ref),
  );
  return { scalingo, githubToken, ...release };
};

describe('readDeployProductionInputs', () => {
  it('defaults: the pushed tag, auto backup, rollback and release on, environment production', () => {
    const inputs = read({});
    expect(inputs).toMatchObject({
      tag: 'v1.4.0',
      force: false,
      backup: { mode: 'auto', timeoutMs: 3_600_000 },
      timeoutMs: 1_800_000,
      environment: 'production',
      rollback: true,
      release: true,
      branch: undefined,
      stagingApp: undefined,
      postDeploy: undefined,
      healthCheck: undefined,
      notifyWebhook: undefined,
    });
    expect(inputs.version.version).toBe('1.4.0');
  });

  it('reads every option', () => {
    const inputs = read(
      {
        tag: 'release-2.0.0-rc.1',
        'tag-pattern': 'release-MAJOR.MINOR.PATCH',
        'allow-prerelease': 'true',
        branch: 'stable',
        'staging-app': 'shop-staging',
        force: 'true',
        backup: 'true',
        'backup-timeout': '20m',
        timeout: '15m',
        environment: 'prod',
        'post-deploy': 'python manage.py migrate --noinput\n# comment\n',
        'post-deploy-size': 'L',
        'health-check': '/healthz',
        'health-check-timeout': '90s',
        rollback: 'false',
        release: 'false',
        'notify-webhook': 'https://chat.example.com/hooks/abc',
      },
      'refs/heads/main',
    );
    expect(inputs).toMatchObject({
      tag: 'release-2.0.0-rc.1',
      branch: 'stable',
      stagingApp: 'shop-staging',
      force: true,
      backup: { mode: 'true', timeoutMs: 1_200_000 },
      timeoutMs: 900_000,
      environment: 'prod',
      postDeploy: { commands: ['python manage.py migrate --noinput'], size: 'L', env: {}, isolate: false },
      healthCheck: { target: '/healthz', timeoutMs: 90_000 },
      rollback: false,
      release: false,
      notifyWebhook: 'https://chat.example.com/hooks/abc',
    });
    expect(inputs.version.prerelease).toEqual(['rc', 1]);
  });

  it.each([
    [
      'no tag outside a tag push',
      {},
      'refs/heads/main',
      /^Input 'tag': is empty and this run was not triggered by a tag push/,
    ],
    [
      'a tag outside the pattern',
      { tag: '1.4.0' },
      undefined,
      /^Input 'tag': tag guard: '1\.4\.0' does not match the pattern 'vMAJOR\.MINOR\.PATCH'/,
    ],
    [
      'a staging app that is production',
      { 'staging-app': 'shop' },
      undefined,
      /^Input 'staging-app': is the production app itself/,
    ],
    [
      'a staging app that is no app name',
      { 'staging-app': 'Shop_Staging' },
      undefined,
      /^Input 'staging-app': 'Shop_Staging' is not a Scalingo app name/,
    ],
    ['a bad branch', { branch: 'a..b' }, undefined, /^Input 'branch': 'a\.\.b' is not a branch name/],
    [
      'a bad backup mode',
      { backup: 'yes please' },
      undefined,
      /^Input 'backup': 'yes please' is not one of auto, true, false/,
    ],
    [
      'a bad health check',
      { 'health-check': 'healthz' },
      undefined,
      /^Input 'health-check': 'healthz' is neither a path nor a URL/,
    ],
    [
      'a webhook that is no URL',
      { 'notify-webhook': 'not a url' },
      undefined,
      /^Input 'notify-webhook': is not a valid URL/,
    ],
    ['a bad force', { force: 'maybe' }, undefined, /^Input 'force': 'maybe' is not a boolean/],
    ['a bad timeout', { timeout: 'soon' }, undefined, /^Input 'timeout': 'soon' is not a duration/],
  ])('refuses %s', (_what, values, ref, message) => {
    expect(() => read(values, ref)).toThrow(message);
  });

  it('never echoes the webhook URL in its error', () => {
    expect(() => read({ 'notify-webhook': 'ftp://chat.example.com/hooks/secret-part' })).toThrow(
      /^Input 'notify-webhook': uses the ftp: scheme/,
    );
    expect(() => read({ 'notify-webhook': 'ftp://chat.example.com/hooks/secret-part' })).not.toThrow(/secret-part/);
  });
});
