import { LineCounter, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Node } from 'yaml';
import { ConfigurationError } from '../shared/errors.ts';

/** `.github/release.yml` in GitHub's own format (the one its "Generate release notes" button reads). */
export interface ReleaseConfig {
  excludeLabels: string[];
  excludeAuthors: string[];
  categories: ReleaseCategory[];
}

export interface ReleaseCategory {
  title: string;
  /** `*` matches every pull request not taken by an earlier category. */
  labels: string[];
  excludeLabels: string[];
  excludeAuthors: string[];
}

const FORMAT_HINT =
  'See https://docs.github.com/en/repositories/releasing-projects-on-github/automatically-generated-release-notes for the format.';

class ConfigReader {
  readonly #file: string;
  readonly #lines: LineCounter;

  constructor(file: string, lines: LineCounter) {
    this.#file = file;
    this.#lines = lines;
  }

  fail(node: Node | null | undefined, problem: string): ConfigurationError {
    const line = node?.range ? this.#lines.linePos(node.range[0]).line : 1;
    return new ConfigurationError(
      `${this.#file} line ${line}: ${problem}. Fix the file or remove it to use the built-in categories. ${FORMAT_HINT}`,
    );
  }

  strings(node: unknown, what: string): string[] {
    if (node === undefined || node === null) return [];
    if (!isSeq(node)) throw this.fail(node as Node, `${what} must be a list`);
    return node.items.map((item) => {
      if (!isScalar(item) || item.value === null || typeof item.value === 'object')
        throw this.fail(item as Node, `${what} must only hold names`);
      return String(item.value);
    });
  }

  map(node: unknown, what: string) {
    if (!isMap(node)) throw this.fail(node as Node, `${what} must be a mapping`);
    return node;
  }
}

/** Parses the file text; every error names the file and the line to fix. */
export function parseReleaseConfig(text: string, file: string): ReleaseConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const reader = new ConfigReader(file, lines);
  const [syntax] = doc.errors;
  if (syntax) {
    // An error at the end of input (an unclosed bracket) points at the last line that has text.
    const line = Math.max(1, Math.min(lines.linePos(syntax.pos[0]).line, text.trimEnd().split('\n').length));
    throw new ConfigurationError(
      `${file} line ${line}: not valid YAML (${syntax.message.split('\n')[0]}). Fix the file or remove it. ${FORMAT_HINT}`,
    );
  }
  if (doc.contents === null) return { excludeLabels: [], excludeAuthors: [], categories: [] };
  const root = reader.map(doc.contents, 'the file');
  const changelog = root.get('changelog', true);
  if (changelog === undefined) throw reader.fail(root, "there is no 'changelog:' key");
  const body = reader.map(changelog, "'changelog'");
  const exclude = body.get('exclude', true);
  const excludeMap = exclude === undefined ? undefined : reader.map(exclude, "'changelog.exclude'");
  const categoriesNode = body.get('categories', true);
  if (categoriesNode !== undefined && !isSeq(categoriesNode))
    throw reader.fail(categoriesNode as Node, "'changelog.categories' must be a list");
  const categories = (categoriesNode?.items ?? []).map((item) => {
    const category = reader.map(item, 'each category');
    const title = category.get('title', true);
    if (!isScalar(title) || typeof title.value !== 'string' || title.value.trim() === '') {
      throw reader.fail((title as Node | undefined) ?? category, 'each category needs a non-empty title');
    }
    const labels = reader.strings(category.get('labels', true), `'labels' of category '${title.value}'`);
    if (labels.length === 0)
      throw reader.fail(category, `category '${title.value}' has no labels (use '*' for everything else)`);
    const own = category.get('exclude', true);
    const ownMap = own === undefined ? undefined : reader.map(own, `'exclude' of category '${title.value}'`);
    return {
      title: title.value.trim(),
      labels,
      excludeLabels: reader.strings(ownMap?.get('labels', true), `'exclude.labels' of category '${title.value}'`),
      excludeAuthors: reader.strings(ownMap?.get('authors', true), `'exclude.authors' of category '${title.value}'`),
    };
  });
  return {
    excludeLabels: reader.strings(excludeMap?.get('labels', true), "'changelog.exclude.labels'"),
    excludeAuthors: reader.strings(excludeMap?.get('authors', true), "'changelog.exclude.authors'"),
    categories,
  };
}
