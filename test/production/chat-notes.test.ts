import { describe, expect, it } from 'vitest';
import { chatNotes, MAX_NOTE_ENTRIES } from '../../src/production/chat-notes.ts';
import { liftCommand } from '../../src/production/maintenance.ts';

describe('chatNotes', () => {
  it('keeps the headings and entries, drops the rest, and pings nobody', () => {
    const body = [
      '## Fonctionnalités',
      '- Panier (#2) par @<!-- -->alice',
      '  - sous-entrée',
      '## Empty category',
      '',
      '**Full Changelog**: https://github.com/acme/shop/compare/v1.2.0...v1.3.0',
      'Deployed to shop at 2026-03-30 09:00 UTC',
    ].join('\n');
    expect(chatNotes(body, 'https://r')).toEqual([
      '#### Fonctionnalités',
      '- Panier (#2) par @\u200balice',
      '  - sous-entrée',
    ]);
  });

  it(`cuts past ${MAX_NOTE_ENTRIES} entries with a link to the release`, () => {
    const body = `## Fixes\n${Array.from({ length: 30 }, (_, i) => `- Fix ${i}`).join('\n')}`;
    const lines = chatNotes(body, 'https://github.com/acme/shop/releases/tag/v1.3.0');
    expect(lines).toHaveLength(MAX_NOTE_ENTRIES + 2);
    expect(lines.at(-1)).toBe('…and 10 more: https://github.com/acme/shop/releases/tag/v1.3.0');
  });

  it('cuts long entries and has nothing to say for notes without a list', () => {
    expect(chatNotes(`- ${'x'.repeat(300)}`, undefined)[0]).toHaveLength(202);
    expect(chatNotes('Release v1.3.0.', undefined)).toEqual([]);
  });
});

describe('liftCommand', () => {
  it('unsets what did not exist, puts back what did (shell-quoted), then restarts', () => {
    expect(
      liftCommand({
        app: 'shop',
        set: [],
        previous: [
          { name: 'MAINTENANCE_ENABLE', value: null },
          { name: 'MAINTENANCE_BANNER_MESSAGE', value: "We're open" },
        ],
      }),
    ).toBe(
      "scalingo --app shop env-unset MAINTENANCE_ENABLE && scalingo --app shop env-set MAINTENANCE_BANNER_MESSAGE='We'\\''re open' && scalingo --app shop restart",
    );
  });
});
