import { parseDate } from './kit.ts';
import { versionError } from './releases.ts';
import type { CommitRecord, RefRecord } from './state.ts';

/** DRF-style serializer errors: `{ field: [message] }`, nested lists keyed by index. */
export type Errors = Record<string, unknown>;

const MAX_COMMIT = 64;
const REQUIRED = 'This field is required.';
const URL_RE = /^https?:\/\/[^\s/$.?#].[^\s]*$/i;

function commitError(value: string): string | undefined {
  if (value.includes('..')) {
    const [start, end] = value.split('..');
    if (!start || !end) return 'Commit cannot begin or end with ..';
    if (start.length > MAX_COMMIT || end.length > MAX_COMMIT)
      return `Start or end commit too long - max is ${MAX_COMMIT} chars each`;
    return undefined;
  }
  return value.length > MAX_COMMIT ? `Commit too long - max is ${MAX_COMMIT} chars` : undefined;
}

function stringField(errors: Errors, body: Record<string, unknown>, field: string, max: number): void {
  const value = body[field];
  if (value === undefined || value === null) return;
  if (typeof value !== 'string') errors[field] = ['Not a valid string.'];
  else if (value.length > max) errors[field] = [`Ensure this field has no more than ${max} characters.`];
}

export function urlField(errors: Errors, body: Record<string, unknown>, field: string, allowBlank = false): void {
  const value = body[field];
  if (value === undefined || value === null || (allowBlank && value === '')) return;
  if (typeof value !== 'string' || !URL_RE.test(value)) errors[field] = ['Enter a valid URL.'];
}

export function dateField(errors: Errors, body: Record<string, unknown>, field: string): void {
  const value = body[field];
  if (value === undefined || value === null) return;
  if (!parseDate(value))
    errors[field] = [
      'Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].',
    ];
}

/** Each item of a list field validated by `check`; errors keyed by index, as DRF's ListField reports them. */
function listField(
  errors: Errors,
  body: Record<string, unknown>,
  field: string,
  check: (item: Errors, value: Record<string, unknown>) => void,
): void {
  const value = body[field];
  if (value === undefined) return;
  if (!Array.isArray(value)) {
    errors[field] = [`Expected a list of items but got type "${typeof value}".`];
    return;
  }
  const items: Errors = {};
  value.forEach((entry, index) => {
    const item: Errors = {};
    check(item, entry && typeof entry === 'object' ? (entry as Record<string, unknown>) : {});
    if (Object.keys(item).length > 0) items[String(index)] = item;
  });
  if (Object.keys(items).length > 0) errors[field] = items;
}

/** The release serializer of POST (version, projects required) and PUT (neither) — facts A2/A3/A4. */
export function releaseErrors(body: Record<string, unknown>, creating: boolean): Errors {
  const errors: Errors = {};
  if (creating) {
    const version = body.version;
    if (version === undefined || version === null) errors.version = [REQUIRED];
    else if (typeof version !== 'string' || version === '') errors.version = ['This field may not be blank.'];
    else if (version.length > 200) errors.version = ['Ensure this field has no more than 200 characters.'];
    else if (versionError(version)) errors.version = [versionError(version)];
    if (body.projects === undefined) errors.projects = [REQUIRED];
  }
  if (body.projects !== undefined && !Array.isArray(body.projects))
    errors.projects = [`Expected a list of items but got type "${typeof body.projects}".`];
  stringField(errors, body, 'ref', 200);
  urlField(errors, body, 'url');
  dateField(errors, body, 'dateReleased');
  dateField(errors, body, 'dateStarted');
  listField(errors, body, 'commits', (item, value) => {
    if (typeof value.id !== 'string' || !value.id) item.id = [REQUIRED];
    else if (value.id.length > MAX_COMMIT) item.id = [`Ensure this field has no more than ${MAX_COMMIT} characters.`];
  });
  listField(errors, body, 'refs', (item, value) => {
    if (typeof value.repository !== 'string' || !value.repository) item.repository = [REQUIRED];
    if (typeof value.commit !== 'string' || !value.commit) item.commit = [REQUIRED];
    else if (commitError(value.commit)) item.commit = [commitError(value.commit)];
    if (typeof value.previousCommit === 'string' && value.previousCommit.length > MAX_COMMIT)
      item.previousCommit = [`Ensure this field has no more than ${MAX_COMMIT} characters.`];
  });
  return errors;
}

export function commitsOf(body: Record<string, unknown>): CommitRecord[] | undefined {
  if (!Array.isArray(body.commits)) return undefined;
  const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
  return (body.commits as Record<string, unknown>[]).map((c) => ({
    id: String(c.id),
    repository: str(c.repository),
    message: str(c.message),
    authorName: str(c.author_name),
    authorEmail: str(c.author_email),
    timestamp: str(c.timestamp),
  }));
}

export function refsOf(body: Record<string, unknown>): RefRecord[] | undefined {
  if (!Array.isArray(body.refs)) return undefined;
  return (body.refs as Record<string, unknown>[]).map((r) => ({
    repository: String(r.repository),
    commit: String(r.commit),
    previousCommit: typeof r.previousCommit === 'string' && r.previousCommit ? r.previousCommit : null,
  }));
}

/** Environment.is_valid_name: at most 64 characters, no newline, carriage return, form feed or slash. */
export function environmentError(value: unknown): string | undefined {
  if (value === undefined || value === null) return REQUIRED;
  if (typeof value !== 'string' || value === '') return 'This field may not be blank.';
  if (value.length > 64) return 'Ensure this field has no more than 64 characters.';
  return /[\n\r\f/]/.test(value) ? 'Invalid value for environment' : undefined;
}

export { REQUIRED, stringField };
