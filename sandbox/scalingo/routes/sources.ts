// Sources: POST /v1/sources hands out a pre-signed upload URL and download URL; the PUT takes the
// raw archive (no Authorization, explicit Content-Length) and is streamed to disk.
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { SandboxCore } from '../core.ts';
import { queryString, sendJson, sendEmpty, type Router } from '../http.ts';
import { uuid } from '../state.ts';

export function sourceRoutes(router: Router, core: SandboxCore): void {
  router.add('POST', '/v1/sources', 'user', (ctx) => {
    const id = uuid();
    const slot = {
      id,
      uploadToken: randomBytes(16).toString('hex'),
      downloadToken: randomBytes(16).toString('hex'),
      file: null,
    };
    core.sources.set(id, slot);
    const base = `${core.url}/v1/sources/${id}`;
    sendJson(ctx, 201, {
      source: { upload_url: `${base}?token=${slot.uploadToken}`, download_url: `${base}?token=${slot.downloadToken}` },
    });
  });

  router.add(
    'PUT',
    '/v1/sources/:id',
    'none',
    async (ctx) => {
      const slot = core.sources.get(ctx.params.id ?? '');
      if (!slot || queryString(ctx, 'token') !== slot.uploadToken) {
        ctx.req.resume();
        return sendJson(ctx, 403, { error: 'invalid or expired signature' });
      }
      if (ctx.req.headers.authorization) {
        // S3-style pre-signed URLs refuse a second authentication mechanism.
        ctx.req.resume();
        return sendJson(ctx, 400, { error: 'only one auth mechanism allowed: the signed URL' });
      }
      if (ctx.req.headers['content-length'] === undefined) {
        ctx.req.resume();
        return sendJson(ctx, 411, { error: 'Content-Length required' });
      }
      const file = join(core.tempDir('source'), 'archive.tar.gz');
      await pipeline(ctx.req, createWriteStream(file));
      slot.file = file;
      sendEmpty(ctx, 200);
    },
    { stream: true },
  );

  router.add('GET', '/v1/sources/:id', 'none', async (ctx) => {
    const slot = core.sources.get(ctx.params.id ?? '');
    if (!slot || queryString(ctx, 'token') !== slot.downloadToken)
      return sendJson(ctx, 403, { error: 'invalid or expired signature' });
    if (!slot.file) return sendJson(ctx, 404, { error: 'not found' });
    ctx.entry.status = 200;
    ctx.res.writeHead(200, { 'Content-Type': 'application/x-gzip' });
    await pipeline(createReadStream(slot.file), ctx.res);
  });
}
