// Where and as whom to talk to Scalingo, whatever app an action is about: the token, the region and
// the URL overrides (and Scalingo's rule for app names, from app-name.ts).
import { ConfigurationError, inputError } from './errors.ts';
import { parseUrl, type Inputs } from './inputs.ts';
import { isLoopbackHost } from './network.ts';

export interface ScalingoConnection {
  apiToken: string;
  region: string;
  apiUrl: string;
  authUrl: string;
  dbApiUrl: string;
}

export { validateAppName } from './app-name.ts';

/**
 * Reads api-token, region and the URL overrides. Precedence for each URL: the input, then the
 * official CLI's environment variable, then the region's public default.
 */
export function readScalingoConnection(inputs: Inputs, env: NodeJS.ProcessEnv): ScalingoConnection {
  const apiToken = inputs.required(
    'api-token',
    'Create a token in the Scalingo dashboard (User settings > API tokens), store it as a repository secret and pass `api-token: ${{ secrets.SCALINGO_API_TOKEN }}`.',
  );
  const region = inputs.optional('region') ?? 'osc-fr1';
  if (!/^[a-z0-9-]+$/.test(region)) {
    throw inputError('region', `'${region}' is not a region name`, 'Use osc-fr1 (Paris) or osc-secnum-fr1.');
  }
  return {
    apiToken,
    region,
    apiUrl: endpoint('api-url', inputs.url('api-url'), 'SCALINGO_API_URL', env, `https://api.${region}.scalingo.com`),
    authUrl: endpoint('auth-url', inputs.url('auth-url'), 'SCALINGO_AUTH_URL', env, 'https://auth.scalingo.com'),
    dbApiUrl: endpoint(
      'db-api-url',
      inputs.url('db-api-url'),
      'SCALINGO_DB_URL',
      env,
      `https://db-api.${region}.scalingo.com`,
    ),
  };
}

/**
 * The input, else the official CLI's environment variable, else the region's default. The API token
 * and every session token travel to these hosts: plain http is refused but on loopback (tests, sandbox).
 */
function endpoint(
  input: string,
  given: string | undefined,
  variable: string,
  env: NodeJS.ProcessEnv,
  fallback: string,
): string {
  const fromEnv = given === undefined && env[variable] ? parseUrl(input, env[variable]) : undefined;
  const url = given ?? fromEnv ?? fallback;
  const { protocol, hostname } = new URL(url);
  if (protocol === 'http:' && !isLoopbackHost(hostname)) {
    const problem = `would send the Scalingo API token over plain http to ${hostname}`;
    const fix = 'Use an https:// URL (plain http is only allowed to a loopback host such as 127.0.0.1).';
    if (given !== undefined) throw inputError(input, problem, fix);
    throw new ConfigurationError(`The ${variable} environment variable (used for input '${input}') ${problem}. ${fix}`);
  }
  return url;
}
