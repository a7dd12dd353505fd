// A scripted Scalingo for the deploy orchestration: deployments whose status the test moves,
// a stream the test feeds, and a journal of every call.
import { readFileSync, statSync } from 'node:fs';
import type { DeploymentStream, ScalingoApi, StreamHandlers } from '../../src/scalingo/api.ts';
import type { App, Deployment, DeploymentEvent, ScmRepoLink, Source } from '../../src/scalingo/types.ts';

const unused = () => {
  throw new Error('not used by these tests');
};

export class FakeScalingo {
  readonly calls: string[] = [];
  readonly deploymentsById = new Map<string, Deployment>();
  readonly outputs = new Map<string, string>();
  readonly uploads: { length: number; bytes: number }[] = [];
  streams: { handlers: StreamHandlers; closed: boolean }[] = [];
  link: ScmRepoLink | null = null;
  appUrl = 'https://my-app.osc-fr1.scalingo.io';
  streamUrl: string | undefined = 'wss://deployments.example/apps/my-app';
  /** Called right after a deployment is created: scripts what happens next. */
  onCreate: (d: Deployment) => void = () => {};
  #next = 1;

  addDeployment(partial: Partial<Deployment> = {}): Deployment {
    const d: Deployment = {
      id: `dep-${this.#next++}`,
      app_id: 'app-1',
      created_at: new Date().toISOString(),
      finished_at: null,
      status: 'queued',
      git_ref: null,
      ...partial,
    };
    this.deploymentsById.set(d.id, d);
    return d;
  }

  setStatus(id: string, status: string): void {
    this.deploymentsById.get(id)!.status = status;
  }

  readonly #logs = new Map<string, string[]>();

  /** Like Scalingo: live to open streams, and replayed (logs, then status) to streams opened later. */
  emit(event: DeploymentEvent): void {
    if (event.type === 'log')
      this.#logs.set(event.deploymentId, [...(this.#logs.get(event.deploymentId) ?? []), event.content]);
    for (const s of this.streams) if (!s.closed) s.handlers.onEvent(event);
  }

  #replay(handlers: StreamHandlers): void {
    for (const d of this.deploymentsById.values()) {
      for (const content of this.#logs.get(d.id) ?? []) handlers.onEvent({ type: 'log', deploymentId: d.id, content });
      handlers.onEvent({ type: 'status', deploymentId: d.id, status: d.status });
    }
  }

  drop(reason = 'socket hang up'): void {
    for (const s of this.streams) if (!s.closed) s.handlers.onDisconnect?.(reason);
  }

  get openStreams(): number {
    return this.streams.filter((s) => !s.closed).length;
  }

  api(): ScalingoApi {
    const self = this;
    const create = (gitRef: string | null) => {
      const d = self.addDeployment({ git_ref: gitRef });
      queueMicrotask(() => self.onCreate(d));
      return d;
    };
    return {
      apps: {
        async get(app: string): Promise<App> {
          self.calls.push(`apps.get ${app}`);
          return {
            id: 'app-1',
            name: app,
            url: self.appUrl,
            status: 'running',
            links: self.streamUrl ? { deployments_stream: self.streamUrl } : {},
          };
        },
        restart: unused,
        restartAndWait: unused,
      },
      deployments: {
        async create(app, params) {
          self.calls.push(`deployments.create ${app} ${params.gitRef}`);
          return { ...create(params.gitRef) };
        },
        async get(_app, id) {
          self.calls.push(`deployments.get ${id}`);
          const d = self.deploymentsById.get(id);
          if (!d) throw new Error(`no deployment ${id}`);
          return { ...d };
        },
        async list() {
          self.calls.push('deployments.list');
          return { deployments: [...self.deploymentsById.values()].reverse().map((d) => ({ ...d })) };
        },
        async output(_app, deployment) {
          const id = typeof deployment === 'string' ? deployment : deployment.id;
          self.calls.push(`deployments.output ${id}`);
          return self.outputs.get(id) ?? '';
        },
      },
      deploymentStream: {
        open(_url: string, handlers: StreamHandlers): DeploymentStream {
          self.calls.push('stream.open');
          const entry = { handlers, closed: false };
          self.streams.push(entry);
          queueMicrotask(() => self.#replay(handlers));
          return { close: () => void (entry.closed = true) };
        },
      },
      sources: {
        async create(): Promise<Source> {
          self.calls.push('sources.create');
          return {
            upload_url: 'https://up.example/s/1?token=upload-secret-0123456789',
            download_url: 'https://up.example/s/1?token=download-secret-0123456789',
          };
        },
        async upload(_source, archivePath: string) {
          self.calls.push('sources.upload');
          const bytes = readFileSync(archivePath).length;
          self.uploads.push({ length: statSync(archivePath).size, bytes });
        },
      },
      scmRepoLink: {
        async get() {
          self.calls.push('scmRepoLink.get');
          return self.link;
        },
        async manualDeploy(app, branch) {
          self.calls.push(`scmRepoLink.manualDeploy ${app} ${branch}`);
          return { ...create(null) };
        },
        manualReviewApp: unused,
        reviewApps: unused,
      },
      oneOff: { run: unused, attach: unused, wait: unused, stop: unused },
      operations: { get: unused, waitDone: unused },
      variables: { list: unused, upsert: unused, delete: unused, deleteMany: unused },
      addons: { list: unused, token: unused, provision: unused, get: unused, remove: unused },
      addonCatalog: { providers: unused, plans: unused },
      childApps: { list: unused, create: unused, delete: unused },
      backups: { create: unused, get: unused, list: unused, waitDone: unused, archiveUrl: unused },
      logs: { url: unused, tail: unused },
    };
  }
}
