/**
 * Makes untrusted text (pull request titles, commit subjects, release-note blocks) safe on one
 * markdown line: no HTML, no links or images (escaped brackets disarm `](` and `![`), no code spans or emphasis that swallow the rest of
 * the line, no table breaks, and no @mentions (GitHub ignores a backslash before @, so an empty
 * HTML comment splits the mention instead).
 */
export function escapeInline(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    .replace(/@(?=[A-Za-z0-9])/g, '@<!-- -->');
}

/** GitHub logins are letters, digits and inner hyphens (bots end in [bot]); anything else is escaped. */
export function mention(login: string): string {
  const name = login.replace(/\[bot\]$/, '');
  return /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/.test(name) ? `@${name}` : escapeInline(login);
}
