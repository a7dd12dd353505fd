// Scalingo's rules for environment variables (scalingo-api.md §9), in one place so every input that
// names or sets a variable refuses what the API would refuse, before anything is sent.

/** Starts with a letter; letters, digits and underscores; at most 64 characters. */
export const VARIABLE_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

export const MAX_VARIABLE_VALUE = 8192;

export const NAME_RULE =
  'names start with a letter and use only letters, digits and underscores, at most 64 characters';

export function isVariableName(name: string): boolean {
  return VARIABLE_NAME.test(name);
}
