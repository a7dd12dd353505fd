/**
 * A problem the user can fix: bad input, a refused operation, a failed deploy.
 * Its message is shown as is, so it names the input or the cause and the fix.
 * Anything else that reaches run() is a bug in this project and is reported as one.
 */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}

/** Builds the error for an input whose value is unusable: what, why, and how to fix it. */
export function inputError(input: string, problem: string, fix: string): ConfigurationError {
  return new ConfigurationError(`Input '${input}': ${problem}. ${fix}`);
}

export function isUserError(error: unknown): boolean {
  return (
    error instanceof ConfigurationError ||
    (error instanceof Error && (error as { userFacing?: boolean }).userFacing === true)
  );
}

/** The message to fail the step with, for Errors and for anything else that was thrown. */
export function describeError(error: unknown): string {
  if (isUserError(error)) {
    // A service's failure says what to do about it (GitHubApiError's hint), once.
    const { message, hint } = error as Error & { hint?: unknown };
    return typeof hint === 'string' && hint && !message.includes(hint) ? `${message} ${hint}` : message;
  }
  if (error instanceof Error) {
    return `Unexpected error (this is a bug in scalingo-actions, please report it): ${error.message}`;
  }
  return `Unexpected error (this is a bug in scalingo-actions, please report it): ${String(error)}`;
}

/** The first line of an error's message (or of any thrown value): for one-line descriptions. */
export function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0] ?? text;
}

/**
 * Something was left in a state a person must fix now (an app left in maintenance): the step fails
 * with the exact way to fix it by hand, even from a `post:` cleanup that otherwise only warns.
 */
export class ManualActionRequired extends ConfigurationError {}
