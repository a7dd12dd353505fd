import { describe, expect, it } from 'vitest';
import { explainFailure, failureMessage, FAILURE_MESSAGES, timeoutMessage } from '../../src/deploy/failure-messages.ts';

describe('failure messages', () => {
  it.each([
    ['build-error', /build failed/, /buildpack/],
    ['crashed-error', /crashed while booting/, /Procfile/],
    ['timeout-error', /did not listen on \$PORT within 60 s/, /0\.0\.0\.0/],
    ['hook-error', /postdeploy hook/, /one-off/],
    ['aborted', /aborted/, /Deploy again/],
  ])('%s says what it means and what to do', (status, meaning, fix) => {
    const message = failureMessage('my-app', 'dep-1', status);
    expect(message).toContain(`Deployment dep-1 of my-app ended with status '${status}'`);
    expect(message).toMatch(meaning);
    expect(message).toMatch(fix);
    expect(message).not.toContain('<app>');
  });

  it('gives every known status its own text', () => {
    const texts = Object.values(FAILURE_MESSAGES).map((m) => m.meaning);
    expect(new Set(texts).size).toBe(texts.length);
  });

  it('still explains a status Scalingo adds later', () => {
    expect(explainFailure('quota-error').cause).toContain('does not know');
  });

  it('a timeout says the deployment is still running', () => {
    expect(timeoutMessage('my-app', 'dep-9', 'building', '30m00s')).toMatch(
      /dep-9 .*30m00s .*'building'.*still running/,
    );
  });
});
