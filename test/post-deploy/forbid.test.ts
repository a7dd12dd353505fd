import { describe, expect, it } from 'vitest';
import { findForbidden, guardCommands, parseForbid } from '../../src/post-deploy/forbid.ts';

const defaults = parseForbid('forbid', []);
const hit = (command: string) => findForbidden([command], defaults)[0]?.pattern;

describe('the default forbidden commands', () => {
  it.each([
    ['python manage.py flush --noinput', 'flush'],
    ['python manage.py loaddata fixtures/demo.json', 'loaddata'],
    ['python manage.py migrate shop zero', 'migrate * zero'],
    ['python manage.py reset_db --noinput', 'reset_db'],
    ['python manage.py clear_all_data', 'clear_all_data'],
    ['python manage.py load_test_fixtures', 'load_test_fixtures'],
    ["sh -c 'cd app && python manage.py flush'", 'flush'],
    ['php bin/console doctrine:fixtures:load -n', 'doctrine:fixtures:load'],
    ['php bin/console doctrine:schema:drop --force --full-database', 'doctrine:schema:drop'],
    ['php bin/console doctrine:database:drop --force', 'doctrine:database:drop'],
    ['php bin/console doctrine:migrations:migrate first', 'doctrine:migrations:migrate first'],
    ['bundle exec rails db:drop', 'db:drop'],
    ['bin/rails db:drop:all', 'db:drop:*'],
    ['bundle exec rake db:reset', 'db:reset'],
    ['bin/rails db:schema:load', 'db:schema:load'],
    ['bin/rails db:seed', 'db:seed'],
    ['bin/rails db:seed:replant', 'db:seed:*'],
    ['bin/rails db:setup', 'db:setup'],
    ['bin/rails DB:PURGE', 'db:purge'],
  ])('%s is forbidden (%s)', (command, pattern) => {
    expect(hit(command)).toBe(pattern);
  });

  it.each([
    'python manage.py migrate --noinput',
    'python manage.py clearsessions',
    'python manage.py update_permissions',
    'python manage.py flush_expired_tokens',
    'php bin/console doctrine:migrations:migrate --no-interaction',
    'bundle exec rails db:migrate',
    'bin/rails db:seeds_report',
    'echo zero',
  ])('%s is allowed: patterns match whole words', (command) => {
    expect(hit(command)).toBeUndefined();
  });
});

describe('team patterns', () => {
  it('adds words and /regular expressions/ to the defaults', () => {
    const patterns = parseForbid('forbid', ['purge_orders', '/rm\\s+-rf\\s+\\//']);
    expect(findForbidden(['python manage.py purge_orders', 'rm -rf /app', 'python manage.py flush'], patterns)).toEqual(
      [
        { command: 'python manage.py purge_orders', pattern: 'purge_orders' },
        { command: 'rm -rf /app', pattern: '/rm\\s+-rf\\s+\\//' },
        { command: 'python manage.py flush', pattern: 'flush' },
      ],
    );
  });

  it('a bad regular expression is an input error', () => {
    expect(() => parseForbid('forbid', ['/(unclosed/'])).toThrow(
      /^Input 'forbid': '\/\(unclosed\/' is not a valid regular expression/,
    );
  });
});

describe('guardCommands', () => {
  const policy = { patterns: defaults, actor: 'alice', target: 'production (shop)' };

  it('refuses every forbidden command at once, naming the input', () => {
    expect(() =>
      guardCommands('post-deploy', ['python manage.py loaddata x', 'python manage.py flush'], {
        ...policy,
        allowDestructive: false,
      }),
    ).toThrow(
      /^Input 'post-deploy': 'python manage\.py loaddata x' \(matches 'loaddata'\), 'python manage\.py flush' \(matches 'flush'\) are commands that must not run on production \(shop\)/,
    );
  });

  it('with allow-destructive, says what was let through and by whom', () => {
    expect(guardCommands('commands', ['python manage.py flush'], { ...policy, allowDestructive: true })).toEqual({
      actor: 'alice',
      commands: [{ command: 'python manage.py flush', pattern: 'flush' }],
    });
    expect(
      guardCommands('commands', ['python manage.py migrate'], { ...policy, allowDestructive: false }),
    ).toBeUndefined();
  });
});
