// The failure table of actions/deploy/USAGE.md is what the step prints: keep them in step.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FAILURE_MESSAGES } from '../../../src/deploy/failure-messages.ts';

const usage = readFileSync(join(import.meta.dirname, '../../../actions/deploy/USAGE.md'), 'utf8');

describe('actions/deploy/USAGE.md', () => {
  it.each(Object.entries(FAILURE_MESSAGES))('documents %s as the step reports it', (status, { meaning, cause }) => {
    const row = usage.split('\n').find((line) => line.startsWith(`| \`${status}\` |`));
    expect(row).toBeDefined();
    expect(row).toContain(meaning);
    expect(row).toContain(cause);
  });
});
