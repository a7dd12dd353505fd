// Child processes (git, tar) through @actions/exec: the command line in the debug log, output captured
// rather than echoed (a build tree or a history can be large), and stderr kept for the error message.
import { getExecOutput } from '@actions/exec';
import type { Logger } from './logger.ts';

export interface ToolResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `tool` with `args`; never throws on a non-zero exit (the caller reads `code`), only when it cannot start. */
export async function runTool(
  tool: string,
  args: string[],
  options: { cwd?: string; logger?: Pick<Logger, 'debug'> } = {},
): Promise<ToolResult> {
  options.logger?.debug(`Running ${[tool, ...args].join(' ')}${options.cwd ? ` in ${options.cwd}` : ''}`);
  const { exitCode, stdout, stderr } = await getExecOutput(tool, args, {
    ...(options.cwd ? { cwd: options.cwd } : {}),
    silent: true,
    ignoreReturnCode: true,
  });
  return { code: exitCode, stdout, stderr };
}
