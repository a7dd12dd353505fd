// JWTs shaped like Scalingo's (HS512, claims iss/iat/exp/uuid/rnd, plus addon_uuid for addon
// tokens). Signed for real with a per-sandbox secret, so a token from another sandbox or a
// tampered one is refused exactly like an expired one would be.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface JwtClaims {
  iss: string;
  iat: number;
  exp: number;
  uuid: string;
  rnd: string;
  addon_uuid?: string;
}

export type JwtCheck = { ok: true; claims: JwtClaims } | { ok: false; reason: 'invalid' | 'expired' };

function b64url(data: string | Buffer): string {
  return Buffer.from(data).toString('base64url');
}

export class JwtIssuer {
  readonly #secret = randomBytes(32);
  readonly #lifetimeSeconds: number;
  readonly #userId: string;

  constructor(lifetimeSeconds: number, userId: string) {
    this.#lifetimeSeconds = lifetimeSeconds;
    this.#userId = userId;
  }

  issue(extra: { addon_uuid?: string } = {}): string {
    const iat = Math.floor(Date.now() / 1000);
    const claims: JwtClaims = {
      iss: 'Scalingo',
      iat,
      uuid: this.#userId,
      rnd: randomBytes(12).toString('hex'),
      exp: iat + this.#lifetimeSeconds,
      ...extra,
    };
    const head = `${b64url(JSON.stringify({ typ: 'JWT', alg: 'HS512' }))}.${b64url(JSON.stringify(claims))}`;
    return `${head}.${this.#sign(head)}`;
  }

  verify(token: string): JwtCheck {
    const parts = token.split('.');
    if (parts.length !== 3) return { ok: false, reason: 'invalid' };
    const [header = '', payload = '', signature = ''] = parts;
    const expected = Buffer.from(this.#sign(`${header}.${payload}`));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'invalid' };
    let claims: JwtClaims;
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as JwtClaims;
    } catch {
      return { ok: false, reason: 'invalid' };
    }
    // Whole seconds, as in the real `exp`: a token is dead from its exp second on.
    if (claims.exp <= Date.now() / 1000) return { ok: false, reason: 'expired' };
    return { ok: true, claims };
  }

  #sign(data: string): string {
    return createHmac('sha512', this.#secret).update(data).digest('base64url');
  }
}
