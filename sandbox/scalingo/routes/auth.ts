// Auth host: token exchange (Basic ":token" → JWT), regions, current user.
import type { SandboxCore } from '../core.ts';
import { basicPassword, sendJson, type Router } from '../http.ts';

export function authRoutes(router: Router, core: SandboxCore): void {
  router.add('POST', '/v1/tokens/exchange', 'none', (ctx) => {
    if (basicPassword(ctx.req) !== core.options.apiToken) {
      sendJson(ctx, 401, { error: 'Invalid credentials' });
      return;
    }
    sendJson(ctx, 200, { token: core.jwt.issue() });
  });

  router.add('GET', '/v1/regions', 'user', (ctx) => {
    const url = core.url;
    sendJson(ctx, 200, {
      regions: [
        {
          name: 'osc-fr1',
          display_name: 'Paris - Outscale (sandbox)',
          api: url,
          database_api: url,
          dashboard: url,
          ssh: 'ssh.osc-fr1.scalingo.com:22',
          default: true,
        },
      ],
    });
  });

  router.add('GET', '/v1/users/self', 'user', (ctx) => {
    const u = core.user;
    sendJson(ctx, 200, { user: { id: u.id, username: u.username, fullname: u.fullname, email: u.email, flags: {} } });
  });
}
