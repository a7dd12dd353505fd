import { describe, expect, it } from 'vitest';
import { fenceWorkflowCommands } from '../../src/deploy/one-off-output.ts';

function printed(lines: string[], token?: string): string[] {
  const out: string[] = [];
  const print = fenceWorkflowCommands((line) => out.push(line), token);
  for (const line of lines) print(line);
  return out;
}

describe('fenceWorkflowCommands', () => {
  it('passes ordinary lines untouched', () => {
    expect(printed(['Applying shop.0001_initial... OK', '  indented', 'a :: b', ''])).toEqual(['Applying shop.0001_initial... OK', '  indented', 'a :: b', '']);
  });

  it.each(['::error::boom', '  ::add-mask::secret', '::stop-commands::guess', '::set-output name=x::1'])('fences %j', (line) => {
    expect(printed([line], 'tok')).toEqual(['::stop-commands::tok', line, '::tok::']);
  });

  it('uses an unguessable token per printer', () => {
    const [first] = printed(['::error::x']);
    const [second] = printed(['::error::x']);
    expect(first).toMatch(/^::stop-commands::[0-9a-f-]{36}$/);
    expect(first).not.toBe(second);
  });
});
