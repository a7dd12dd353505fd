// The request body as the GitHub and Sentry doubles read it: JSON when it parses, else the text
// (so a malformed body reaches the route, which refuses it as the real service would).
import type { IncomingMessage } from 'node:http';

export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
