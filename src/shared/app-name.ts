// Scalingo's app naming rule, checked where an input names an app (the Scalingo inputs, and the app
// release-notes names in its released comments without talking to Scalingo).
import { inputError } from './errors.ts';

// Lowercase letters, digits and single inner hyphens: Scalingo's app naming rule.
const APP_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const APP_ID = /^[0-9a-f]{24}$/;

export function validateAppName(input: string, app: string): string {
  if (!(APP_NAME.test(app) || APP_ID.test(app)) || app.length > 64) {
    throw inputError(
      input,
      `'${app}' is not a Scalingo app name`,
      'App names use lowercase letters, digits and single hyphens (e.g. my-app-staging); copy it from the dashboard or `scalingo apps`.',
    );
  }
  return app;
}
