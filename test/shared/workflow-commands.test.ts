import { describe, expect, it, vi } from 'vitest';
import { fenceWorkflowCommands } from '../../src/shared/workflow-commands.ts';

function printed(lines: string[], token?: string): string[] {
  const out: string[] = [];
  const print = fenceWorkflowCommands((line) => out.push(line), token);
  for (const line of lines) print(line);
  return out;
}

describe('fenceWorkflowCommands', () => {
  it('passes ordinary lines untouched', () => {
    expect(printed(['Applying shop.0001_initial... OK', '  indented', 'a :: b', ''])).toEqual([
      'Applying shop.0001_initial... OK',
      '  indented',
      'a :: b',
      '',
    ]);
  });

  it.each(['::error::boom', '  ::add-mask::secret', '::stop-commands::guess', '::set-output name=x::1'])(
    'fences %j',
    (line) => {
      expect(printed([line], 'tok')).toEqual(['::stop-commands::tok', line, '::tok::']);
    },
  );

  it.each([
    ['a command after a lone CR', 'Downloading 50%\r::warning::x', ['::warning::x']],
    ['a command after NEL (trimmed by .NET)', '\u0085::error::x', ['\u0085::error::x']],
    ['a command after a zero-width space', '\u200b::error::x', ['\u200b::error::x']],
    ['the legacy form anywhere', 'npm WARN x ##[stop-commands]y', ['npm WARN x ##[stop-commands]y']],
  ])('fences %s', (_what, text, dangerous) => {
    const out = printed([text], 'tok');
    for (const line of dangerous) {
      const at = out.indexOf(line);
      expect(out[at - 1]).toBe('::stop-commands::tok');
      expect(out[at + 1]).toBe('::tok::');
    }
  });

  it('uses an unguessable token per printer', () => {
    const [first] = printed(['::error::x']);
    const [second] = printed(['::error::x']);
    expect(first).toMatch(/^::stop-commands::[0-9a-f-]{36}$/);
    expect(first).not.toBe(second);
  });
});

describe('actionsLogger', () => {
  it('fences every line of a message that the runner would read as a command', async () => {
    const { actionsLogger } = await import('../../src/actions/runtime.ts');
    const written: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    try {
      actionsLogger().info('-----> Building\n::add-mask::not-a-secret\ndone');
    } finally {
      write.mockRestore();
    }
    const lines = written.join('').split('\n').filter(Boolean);
    expect(lines[0]).toBe('-----> Building');
    expect(lines[1]).toMatch(/^::stop-commands::[0-9a-f-]{36}$/);
    expect(lines[2]).toBe('::add-mask::not-a-secret');
    expect(lines[3]).toBe(`::${lines[1]!.slice('::stop-commands::'.length)}::`);
    expect(lines[4]).toBe('done');
  });
});
