import type { Logger } from '../shared/logger.ts';

// Long path segments and query values of signed URLs are their credentials. Shorter ones
// (ids like "1", words like "sources") would mask harmless text all over the log.
const MIN_SECRET_LENGTH = 16;

/** Masks a signed URL and each credential-looking part of it, so partial prints stay hidden too. */
export function maskUrl(logger: Logger, url: string): void {
  logger.mask(url);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return;
  }
  for (const value of parsed.searchParams.values()) {
    if (value.length >= MIN_SECRET_LENGTH) logger.mask(value);
  }
  for (const segment of parsed.pathname.split('/')) {
    if (segment.length >= MIN_SECRET_LENGTH) logger.mask(decodeURIComponent(segment));
  }
}
