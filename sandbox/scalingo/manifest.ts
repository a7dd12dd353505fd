// The review-app manifest (api-facts-wave2 §16): `scalingo.json` (else `app.json`) of the PR head,
// read once, when the review app is created (never on later pushes: unconfirmed, assumed). It
// overrides what the review app inherits: `env` entries, `addons` (a list replaces the parent's;
// what an empty list does is unconfirmed: here, no addon), `formation`, and `scripts.first-deploy`
// (the postdeploy hook of its deployments until one succeeds). `copy_parent_database_urls` is
// unconfirmed and ignored.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { planOf, providerById } from './catalogue.ts';
import type { SandboxCore } from './core.ts';
import { provisionAddon } from './provisioning.ts';
import { fetchArchive, unpackRelease } from './release.ts';
import { objectId, type AppState } from './state.ts';

interface EnvEntry {
  value?: string | null;
  generator?: 'secret' | 'url' | 'template';
  template?: string;
}

export interface Manifest {
  env?: Record<string, EnvEntry>;
  addons?: (string | { plan: string; options?: unknown })[];
  formation?: Record<string, { amount?: number; size?: string }>;
  scripts?: { 'first-deploy'?: string };
}

/** The manifest of the archive at sourceUrl, looked up from PROJECT_DIR up to the root; null if none. */
export async function readManifest(core: SandboxCore, sourceUrl: string, projectDir = ''): Promise<Manifest | null> {
  const work = core.tempDir('manifest');
  const downloaded = join(work, 'source.tar.gz');
  const own = await fetchArchive(core, sourceUrl, downloaded);
  const root = await unpackRelease(own ?? downloaded, work);
  for (let dir = resolve(root, projectDir); ; dir = dirname(dir)) {
    for (const name of ['scalingo.json', 'app.json']) {
      const file = join(dir, name);
      if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as Manifest;
    }
    if (dir === root || !dir.startsWith(root)) return null;
  }
}

function setVariable(app: AppState, name: string, value: string): void {
  const existing = app.variables.find((v) => v.name === name);
  if (existing) existing.value = value;
  else app.variables.push({ id: objectId(), name, value });
}

function envValue(entry: EnvEntry, tokens: Record<string, string>, url: string): string | null {
  if (entry.generator === 'secret') return randomBytes(16).toString('hex');
  if (entry.generator === 'url') return (entry.template ?? '%URL%').replaceAll('%URL%', url);
  if (entry.generator === 'template')
    return (entry.template ?? '').replace(/%(APP|PARENT_APP|PR_NUMBER)%/g, (_all, key: string) => tokens[key] ?? '');
  return entry.value === undefined || entry.value === '' ? null : entry.value;
}

/** Applies the manifest to a review app just created (variables already copied from the parent). */
export function applyManifest(
  core: SandboxCore,
  child: AppState,
  parent: AppState,
  number: number,
  manifest: Manifest,
): void {
  const tokens = { APP: child.name, PARENT_APP: parent.name, PR_NUMBER: String(number) };
  for (const [name, entry] of Object.entries(manifest.env ?? {})) {
    const value = envValue(entry ?? {}, tokens, `${core.url}/web/${child.name}`);
    if (value === null) child.variables = child.variables.filter((v) => v.name !== name);
    else setVariable(child, name, value);
  }
  for (const [name, wanted] of Object.entries(manifest.formation ?? {})) {
    const entry = child.formation.find((f) => f.name === name);
    const amount = wanted.amount ?? entry?.amount ?? 1;
    const size = wanted.size ?? entry?.size ?? 'M';
    if (entry) Object.assign(entry, { amount, size });
    else child.formation.push({ name, command: '', amount, size });
  }
  child.firstDeployScript = manifest.scripts?.['first-deploy'] ?? null;
}

/** The manifest's addons (`provider:plan`, provider by its short name); unknown ones are skipped. */
export function provisionManifestAddons(core: SandboxCore, child: AppState, addons: Manifest['addons']): void {
  for (const item of addons ?? []) {
    const [providerName = '', planName = ''] = (typeof item === 'string' ? item : item.plan).split(':');
    const provider = providerById(providerName);
    const plan = provider && planOf(provider, planName);
    if (provider && plan) provisionAddon(core, child, provider, plan, { aliases: true });
  }
}
