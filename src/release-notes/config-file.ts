import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { ConfigurationError, inputError } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';
import type { ReleaseConfig } from './release-config.ts';

export const DEFAULT_CONFIG_PATH = '.github/release.yml';

/**
 * The checkout's release.yml, parsed; undefined (built-in categories) when the default path has
 * no file. A path the user named must exist.
 */
export async function loadReleaseConfig(
  checkout: string,
  configPath: string,
  logger: Logger,
): Promise<ReleaseConfig | undefined> {
  const file = isAbsolute(configPath) ? configPath : join(checkout, configPath);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && configPath === DEFAULT_CONFIG_PATH) {
      logger.info(`No ${DEFAULT_CONFIG_PATH} in the checkout: using the built-in categories.`);
      return undefined;
    }
    if (code === 'ENOENT')
      throw inputError(
        'config-path',
        `there is no file at ${configPath}`,
        'Check the path (relative to the checkout), or leave it empty for .github/release.yml.',
      );
    throw new ConfigurationError(
      `Cannot read ${configPath}: ${(error as Error).message}. Check the file's permissions.`,
    );
  }
  // The YAML parser is a fifth of the bundle: loaded only when there is a file to parse.
  const { parseReleaseConfig } = await import('./release-config.ts');
  const config = parseReleaseConfig(text, configPath);
  logger.info(`Categories from ${configPath}: ${config.categories.map((c) => c.title).join(', ') || 'none'}`);
  return config;
}
