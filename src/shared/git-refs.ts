// Git names, one rule each: what a commit SHA looks like, whether two refs name the same commit,
// and what git accepts as a branch or tag name.

const FULL_SHA = /^[0-9a-f]{40}$/i;
const ABBREVIATED_SHA = /^[0-9a-f]{7,40}$/i;

/** A full 40-hex-digit commit SHA. */
export function isFullSha(ref: string): boolean {
  return FULL_SHA.test(ref);
}

/** A commit SHA, full or abbreviated to 7 digits or more (as git prints them). */
export function looksLikeSha(ref: string): boolean {
  return ABBREVIATED_SHA.test(ref);
}

/** Whether `gitRef` (a tag name, a full or abbreviated SHA) names the commit `sha` (or is `tag`). */
export function namesCommit(gitRef: string | null | undefined, sha: string, tag?: string): boolean {
  if (!gitRef) return false;
  if (gitRef === sha || (tag !== undefined && gitRef === tag)) return true;
  return looksLikeSha(gitRef) && sha.toLowerCase().startsWith(gitRef.toLowerCase());
}

// What git accepts in a ref name, roughly: no spaces, no `..`, none of ~^:?*[\ and no leading '-'.
const REF_NAME = /^(?!-)(?!.*\.\.)(?!.*\/\/)(?!.*@\{)[^\s~^:?*[\\\x00-\x1f\x7f]+(?<![./])$/;

/** Whether git would take `name` as a branch, tag or ref name. */
export function isRefName(name: string): boolean {
  return REF_NAME.test(name);
}
