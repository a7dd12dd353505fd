// `npm run sandbox [-- --port 8765 --app demo-app --phase-ms 500]`: a sandbox with a demo app,
// up until Ctrl-C, for trying the actions or the scalingo CLI by hand.
import { parseArgs } from 'node:util';
import { startSandbox } from './index.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    app: { type: 'string', default: 'demo-app' },
    'phase-ms': { type: 'string', default: '500' },
    'api-token': { type: 'string' },
  },
});

const sandbox = await startSandbox({
  port: Number(values.port),
  phaseMs: Number(values['phase-ms']),
  ...(values['api-token'] ? { apiToken: values['api-token'] } : {}),
});
const app = values.app;
sandbox.createApp(app, {
  variables: { RAILS_ENV: 'production', SECRET_KEY_BASE: 'sandbox-secret', DATABASE_URL: '$SCALINGO_POSTGRESQL_URL' },
  addons: ['postgresql', 'redis'],
  scmRepoLink: { owner: 'acme', repo: app, branch: 'main' },
});

console.log(`Scalingo API sandbox listening on ${sandbox.url}

  app        ${app}  (web: ${sandbox.url}/web/${app}; PostgreSQL and Redis addons; SCM link acme/${app}@main)
  database   ${sandbox.database(app).url}
             (a real PostgreSQL, started on the first connection; psql works from \`scalingo run\`)
  api-url    ${sandbox.apiUrl}
  auth-url   ${sandbox.authUrl}
  db-api-url ${sandbox.dbApiUrl}
  api-token  ${sandbox.apiToken}

For the scalingo CLI:
  export SCALINGO_API_URL=${sandbox.apiUrl} SCALINGO_AUTH_URL=${sandbox.authUrl} SCALINGO_DB_URL=${sandbox.dbApiUrl}
  export SCALINGO_API_TOKEN=${sandbox.apiToken} DISABLE_UPDATE_CHECKER=true

Every request is logged below. Ctrl-C to stop.`);

let printed = 0;
const tick = setInterval(() => {
  for (const entry of sandbox.journal.slice(printed)) {
    console.log(
      `${new Date(entry.time).toISOString()} ${entry.method} ${entry.path} → ${entry.status}${entry.fault ? ' (fault)' : ''}`,
    );
  }
  printed = sandbox.journal.length;
}, 250);

async function stop(): Promise<void> {
  clearInterval(tick);
  await sandbox.close();
  process.exit(0);
}
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
