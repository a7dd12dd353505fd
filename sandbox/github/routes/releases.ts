import { randomBytes } from 'node:crypto';
import {
  bodyObject,
  invalid,
  isoNow,
  json,
  notFound,
  page,
  type Ctx,
  type DoubleCore,
  type Reply,
  type Route,
} from '../kit.ts';
import type { ReleaseRecord } from '../state.ts';
import { links } from './repos.ts';

const R = '^/repos/([^/]+)/([^/]+)/releases';

/** URLs change with draft state as on github.com: drafts live under an untagged-… name. */
function refreshUrls(core: DoubleCore, release: ReleaseRecord, untagged: string): void {
  const api = links(core).apiRepo;
  release.html_url = release.draft
    ? `${core.htmlUrl}/releases/tag/${untagged}`
    : `${core.htmlUrl}/releases/tag/${encodeURIComponent(release.tag_name)}`;
  release.tarball_url = release.draft ? null : `${api}/tarball/${release.tag_name}`;
  release.zipball_url = release.draft ? null : `${api}/zipball/${release.tag_name}`;
}

const untaggedNames = new WeakMap<ReleaseRecord, string>();

/** Publishing a release whose tag does not exist creates the tag at target_commitish, as GitHub does. */
function ensureTag(ctx: Ctx, release: ReleaseRecord): Reply | undefined {
  if (release.draft || ctx.core.git.resolve(`refs/tags/${release.tag_name}`)) return undefined;
  const sha = ctx.core.git.resolve(release.target_commitish);
  if (!sha) return invalid('Release', 'target_commitish', 'invalid');
  ctx.core.git.tag(release.tag_name, sha);
  return undefined;
}

export function addRelease(core: DoubleCore, fields: Partial<ReleaseRecord> & { tag_name: string }): ReleaseRecord {
  const id = core.state.nextId();
  const api = links(core).apiRepo;
  const release: ReleaseRecord = {
    id,
    node_id: Buffer.from(`Release:${id}`).toString('base64'),
    url: `${api}/releases/${id}`,
    html_url: '',
    assets_url: `${api}/releases/${id}/assets`,
    upload_url: `${core.url.replace('127.0.0.1', 'localhost')}/repos/${core.owner}/${core.repo}/releases/${id}/assets{?name,label}`,
    tarball_url: null,
    zipball_url: null,
    target_commitish: core.git.defaultBranch,
    name: null,
    body: null,
    draft: false,
    prerelease: false,
    created_at: isoNow(),
    published_at: null,
    author: { login: 'github-actions[bot]', type: 'Bot' },
    assets: [],
    ...fields,
  };
  if (!release.draft) release.published_at ??= release.created_at;
  untaggedNames.set(release, `untagged-${randomBytes(10).toString('hex')}`);
  refreshUrls(core, release, untaggedNames.get(release)!);
  core.state.releases.push(release);
  return release;
}

function fieldsFrom(body: Record<string, unknown>): Partial<ReleaseRecord> {
  const fields: Partial<ReleaseRecord> = {};
  if (typeof body.tag_name === 'string') fields.tag_name = body.tag_name;
  if (typeof body.target_commitish === 'string') fields.target_commitish = body.target_commitish;
  if (typeof body.name === 'string' || body.name === null) fields.name = body.name;
  if (typeof body.body === 'string' || body.body === null) fields.body = body.body;
  if (typeof body.draft === 'boolean') fields.draft = body.draft;
  if (typeof body.prerelease === 'boolean') fields.prerelease = body.prerelease;
  return fields;
}

function published(ctx: Ctx, tag: string, except?: number): ReleaseRecord | undefined {
  return ctx.core.state.releases.find((r) => r.tag_name === tag && !r.draft && r.id !== except);
}

function create(ctx: Ctx): Reply {
  const body = bodyObject(ctx);
  if (typeof body.tag_name !== 'string' || !body.tag_name) return invalid('Release', 'tag_name', 'missing_field');
  const fields = fieldsFrom(body);
  // Drafts may share a tag; a second published release for a tag is refused.
  if (!fields.draft && published(ctx, body.tag_name)) return invalid('Release', 'tag_name', 'already_exists');
  const release = addRelease(ctx.core, { ...fields, tag_name: body.tag_name, published_at: null });
  const refusal = ensureTag(ctx, release);
  if (refusal) {
    ctx.core.state.releases.pop();
    return refusal;
  }
  return json(201, release);
}

function update(ctx: Ctx): Reply {
  const release = ctx.core.state.releases.find((r) => r.id === Number(ctx.params[2]));
  if (!release) return notFound();
  const fields = fieldsFrom(bodyObject(ctx));
  const next = { ...release, ...fields };
  if (!next.draft && published(ctx, next.tag_name, release.id)) return invalid('Release', 'tag_name', 'already_exists');
  const wasDraft = release.draft;
  Object.assign(release, fields);
  if (wasDraft && !release.draft) release.published_at = isoNow();
  const refusal = ensureTag(ctx, release);
  if (refusal) return refusal;
  refreshUrls(ctx.core, release, untaggedNames.get(release)!);
  return json(200, release);
}

export const releaseRoutes: Route[] = [
  { method: 'GET', pattern: new RegExp(`${R}$`), handle: (ctx) => page(ctx, ctx.core.state.releases.toReversed()) },
  // Octokit's throttling plugin lists release creation among the requests that notify: content creation.
  { method: 'POST', pattern: new RegExp(`${R}$`), handle: create, createsContent: true },
  {
    method: 'GET',
    pattern: new RegExp(`${R}/tags/(.+)$`),
    // Like GitHub: drafts are invisible here (hence findRelease searching the list).
    handle: (ctx) => {
      const release = published(ctx, ctx.params[2] ?? '');
      return release ? json(200, release) : notFound();
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`${R}/(\\d+)$`),
    handle: (ctx) => {
      const release = ctx.core.state.releases.find((r) => r.id === Number(ctx.params[2]));
      return release ? json(200, release) : notFound();
    },
  },
  { method: 'PATCH', pattern: new RegExp(`${R}/(\\d+)$`), handle: update },
  {
    method: 'DELETE',
    pattern: new RegExp(`${R}/(\\d+)$`),
    handle: (ctx) => {
      const at = ctx.core.state.releases.findIndex((r) => r.id === Number(ctx.params[2]));
      if (at < 0) return notFound();
      ctx.core.state.releases.splice(at, 1);
      return { status: 204 };
    },
  },
];
