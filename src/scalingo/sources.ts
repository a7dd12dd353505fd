import http from 'node:http';
import https from 'node:https';
import { open, stat } from 'node:fs/promises';
import type { SourcesResource } from './api.ts';
import { readSource } from './answers.ts';
import { ScalingoApiError } from './errors.ts';
import type { HttpClient } from './http.ts';
import { agentFor } from '../shared/proxy.ts';
import { maskUrl } from '../shared/secrets.ts';
import type { Source } from './types.ts';

const MAX_REDIRECTS = 5;
// How long to wait for "100 Continue" before sending the body anyway (curl's default).
const EXPECT_WAIT_MS = 1000;
// No byte moving either way for this long means a dead connection, not a slow one.
const IDLE_TIMEOUT_MS = 120_000;
const CHUNK_BYTES = 1024 * 1024;

export class Sources implements SourcesResource {
  #http: HttpClient;
  #userAgent: string;

  constructor(httpClient: HttpClient, userAgent: string) {
    this.#http = httpClient;
    this.#userAgent = userAgent;
  }

  async create(): Promise<Source> {
    const res = await this.#http.request<{ source: Source }>({
      method: 'POST',
      url: this.#http.api('/sources'),
      body: {},
      expect: [201],
      // Creating an unused upload slot is harmless: it expires after ~10 minutes.
      idempotent: true,
      read: readSource,
      what: 'create an upload slot for the source archive',
    });
    const source = res.body.source;
    maskUrl(this.#http.logger, source.upload_url);
    maskUrl(this.#http.logger, source.download_url);
    return source;
  }

  /**
   * Streams the archive file with its exact length and no Authorization (the URL is pre-signed).
   * `Expect: 100-continue` lets us follow a redirect before any byte of the body is sent.
   */
  async upload(source: Source, archivePath: string): Promise<void> {
    const { size: length } = await stat(archivePath);
    let url = new URL(source.upload_url);
    let expectContinue = true;
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const result = await this.#put(url, archivePath, length, expectContinue);
      if (result.status === 200) return;
      if (result.location && !result.bodySent && [301, 302, 303, 307, 308].includes(result.status)) {
        url = new URL(result.location, url);
        maskUrl(this.#http.logger, url.href);
        continue;
      }
      if (result.status === 417 && !result.bodySent && expectContinue) {
        // A server that refuses Expect: send the body straight away (no redirect can be followed then).
        expectContinue = false;
        continue;
      }
      throw uploadError(result.status, result.text);
    }
    throw new ScalingoApiError({
      kind: 'unexpected',
      status: 0,
      message: 'Uploading the source archive to Scalingo failed: too many redirects.',
    });
  }

  #put(
    url: URL,
    archivePath: string,
    length: number,
    expectContinue: boolean,
  ): Promise<{ status: number; location?: string; text: string; bodySent: boolean }> {
    const transport = url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      let bodySent = false;
      const agent = agentFor(url);
      const req = transport.request(url, {
        ...(agent ? { agent } : {}),
        method: 'PUT',
        headers: {
          'Content-Type': 'application/x-gzip',
          'Content-Length': String(length),
          'User-Agent': this.#userAgent,
          ...(expectContinue ? { Expect: '100-continue' } : {}),
        },
      });
      const send = (): void => {
        if (bodySent) return;
        bodySent = true;
        clearTimeout(timer);
        writeFileTo(req, archivePath).catch((error: Error) => req.destroy(error));
      };
      const timer = setTimeout(send, expectContinue ? EXPECT_WAIT_MS : 0);
      req.setTimeout(IDLE_TIMEOUT_MS, () =>
        req.destroy(Object.assign(new Error('upload stalled'), { code: 'ETIMEDOUT' })),
      );
      req.on('continue', send);
      req.on('response', (res) => {
        clearTimeout(timer);
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          if (!bodySent) req.destroy();
          const location = res.headers.location;
          resolve({
            status: res.statusCode ?? 0,
            text: Buffer.concat(chunks).toString('utf8'),
            bodySent,
            ...(location ? { location } : {}),
          });
        });
        res.on('error', reject);
      });
      req.on('error', (error) => {
        clearTimeout(timer);
        reject(
          new ScalingoApiError({
            kind: 'network',
            status: 0,
            cause: error,
            message: `Uploading the source archive to ${url.host} failed (${(error as NodeJS.ErrnoException).code ?? error.message}): retry the job.`,
          }),
        );
      });
      req.flushHeaders();
    });
  }
}

/**
 * Copies the file into the request through one reused buffer, reading the next chunk only once the
 * previous one has left for the socket: memory stays flat whatever the archive's size. (Piping a read
 * stream allocates a buffer per chunk that the GC frees late: +70 MB RSS for a 500 MB archive.)
 */
async function writeFileTo(req: http.ClientRequest, file: string): Promise<void> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      await new Promise<void>((written, failed) =>
        req.write(buffer.subarray(0, bytesRead), (error) => (error ? failed(error) : written())),
      );
    }
    req.end();
  } finally {
    await handle.close();
  }
}

function uploadError(status: number, text: string): ScalingoApiError {
  const detail = `${status}${text ? `: ${text.slice(0, 200)}` : ''}`;
  if (status === 401 || status === 403) {
    return new ScalingoApiError({
      kind: 'forbidden',
      status,
      body: text.slice(0, 300),
      message: `Scalingo refused the source archive upload (${detail}): the pre-signed URL lasts about 10 minutes and may have expired; retry the job.`,
    });
  }
  if (status === 413) {
    return new ScalingoApiError({
      kind: 'validation',
      status,
      body: text.slice(0, 300),
      message: `Scalingo refused the source archive as too large (${detail}): leave build outputs and dependencies out of \`path\`.`,
    });
  }
  const kind = status >= 500 ? 'server' : 'unexpected';
  return new ScalingoApiError({
    kind,
    status,
    body: text.slice(0, 300),
    message: `Uploading the source archive to Scalingo failed (${detail}); retry the job.`,
  });
}
