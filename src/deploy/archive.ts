// `source: upload`: the directory becomes a .tar.gz on disk through the system tar, then is streamed
// to Scalingo, so memory stays flat whatever the size of the tree.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import type { ScalingoApi } from '../scalingo/api.ts';
import type { Logger } from '../shared/logger.ts';
import { ConfigurationError } from '../shared/errors.ts';
import { runTool } from '../shared/process.ts';

export interface PackedSource {
  file: string;
  size: number;
  /** Removes the temporary archive. */
  dispose(): Promise<void>;
}

/**
 * tar.gz of `dir` without `.git`. Scalingo wants exactly one directory at the root of the archive:
 * taring `dir` from its parent gives that, with tar alone (GNU and BSD alike).
 */
export async function packDirectory(
  dir: string,
  tempRoot = process.env.RUNNER_TEMP || tmpdir(),
): Promise<PackedSource> {
  const source = resolve(dir);
  const work = await mkdtemp(join(tempRoot, 'scalingo-source-'));
  const file = join(work, 'source.tar.gz');
  const dispose = () => rm(work, { recursive: true, force: true });
  try {
    await runTar(['-czf', file, '--exclude=.git', '-C', dirname(source), basename(source)]);
    const { size } = await stat(file);
    return { file, size, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}

async function runTar(args: string[]): Promise<void> {
  let result;
  try {
    result = await runTool('tar', args);
  } catch (error) {
    throw new ConfigurationError(
      `Could not run tar to pack the sources (${(error as Error).message}): the runner needs tar on its PATH.`,
    );
  }
  if (result.code !== 0) {
    const stderr = result.stderr.trim().slice(0, 4000) || 'no message';
    throw new ConfigurationError(`tar failed with exit code ${result.code} while packing the sources: ${stderr}`);
  }
}

/** POST /sources, PUT the archive to the signed upload URL; returns the signed download URL (masked). */
export async function uploadSource(
  deps: { scalingo: Pick<ScalingoApi, 'sources'>; logger: Logger },
  packed: PackedSource,
): Promise<string> {
  const source = await deps.scalingo.sources.create();
  deps.logger.mask(source.upload_url);
  deps.logger.mask(source.download_url);
  deps.logger.info(`Uploading the sources (${(packed.size / 1024 / 1024).toFixed(1)} MB) to Scalingo.`);
  await deps.scalingo.sources.upload(source, packed.file);
  return source.download_url;
}
