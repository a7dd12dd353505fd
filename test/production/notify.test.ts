import { describe, expect, it } from 'vitest';
import { renderNotification } from '../../src/production/notify.ts';

describe('renderNotification', () => {
  it('names the version, outcome, app URL, release and run, and who forced it', () => {
    const text = renderNotification({
      app: 'shop',
      tag: 'v1.3.0',
      outcome: 'released',
      appUrl: 'https://shop.example',
      runUrl: 'https://github.com/acme/shop/actions/runs/1',
      releaseUrl: 'https://github.com/acme/shop/releases/tag/v1.3.0',
      actor: 'alice',
      forced: true,
    });
    expect(text.split('\n')).toEqual([
      ':rocket: v1.3.0 released on shop (forced by @alice)',
      'App: https://shop.example',
      'Release: https://github.com/acme/shop/releases/tag/v1.3.0',
      'Run: https://github.com/acme/shop/actions/runs/1',
    ]);
  });
});
