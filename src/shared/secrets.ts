// Signed URLs carry their credential in themselves: the whole URL is masked the moment it exists,
// and so is each part that could be printed alone.
import type { Logger } from './logger.ts';

// Long path segments and query values of signed URLs are their credentials. Shorter ones
// (ids like "1", words like "sources") would mask harmless text all over the log.
const MIN_SECRET_LENGTH = 16;

/**
 * Masks a signed URL and its long query values; with `pathSegments`, its long path segments too (the
 * sources and attach URLs hold their token there). Leave them off for a URL whose path holds a commit
 * SHA (GitHub's archive links): a masked SHA would hide the `git-ref` output, which the runner drops
 * when it contains a secret.
 */
export function maskUrl(logger: Pick<Logger, 'mask'>, url: string, options: { pathSegments?: boolean } = {}): void {
  logger.mask(url);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Not a URL we can parse: the whole string is masked already.
    return;
  }
  for (const value of parsed.searchParams.values()) {
    if (value.length >= MIN_SECRET_LENGTH) logger.mask(value);
  }
  if (options.pathSegments === false) return;
  for (const segment of parsed.pathname.split('/')) {
    if (segment.length >= MIN_SECRET_LENGTH) logger.mask(decodeURIComponent(segment));
  }
}
