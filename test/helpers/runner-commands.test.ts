// The test reader of stdout must parse like the runner (actions/runner ActionCommand.cs), or the
// fencing tests prove nothing: these are the runner's own rules, case by case.
import { describe, expect, it } from 'vitest';
import { runnerCommands, runnerLines } from './runner-commands.ts';

const names = (stdout: string) => runnerCommands(stdout).map((c) => `${c.name}:${c.data}`);

describe('runnerLines (StreamReader.ReadLine)', () => {
  it.each([
    ['a\nb\n', ['a', 'b']],
    ['a\r\nb', ['a', 'b']],
    ['Downloading 50%\r::warning::x\n', ['Downloading 50%', '::warning::x']],
    ['a\r\rb', ['a', '', 'b']],
  ])('%j -> %j', (stdout, lines) => {
    expect(runnerLines(stdout)).toEqual(lines);
  });
});

describe('runnerCommands', () => {
  it.each([
    ['::warning::x', ['warning:x']],
    ['  ::error title=T::boom%0Anext', ['error:boom\nnext']],
    ['\u0085::warning::after NEL', ['warning:after NEL']],
    ['\u3000\u00a0::notice::ideographic space', ['notice:ideographic space']],
    ['::WARNING::case does not matter', ['WARNING:case does not matter']],
    ['npm WARN deprecated x ##[warning]legacy form anywhere', ['warning:legacy form anywhere']],
    ['x ##[add-mask]s3cret', ['add-mask:s3cret']],
    ['::unknown::x', []],
    ['text :: with colons', []],
    ['a::warning::not at the start', []],
    ['##[notacommand]x', []],
  ])('%j', (stdout, expected) => {
    expect(names(stdout)).toEqual(expected);
  });

  it('ignores everything between stop-commands and its token, in either form', () => {
    const stdout = [
      '::stop-commands::tok123',
      '::warning::fenced',
      '##[error]fenced too',
      '::tok123::',
      '::notice::live',
    ];
    expect(names(stdout.join('\n'))).toEqual(['notice:live']);
    expect(names('x ##[stop-commands]y\n::add-mask::late\n')).toEqual([]);
  });

  it('reads properties of both forms', () => {
    const [v2, legacy] = runnerCommands('::error file=a.ts,line=3,title=Bad%2C bad::m\n##[warning title=T%3B1]m\n');
    expect(v2!.properties).toEqual({ file: 'a.ts', line: '3', title: 'Bad, bad' });
    expect(legacy!.properties).toEqual({ title: 'T;1' });
  });
});
