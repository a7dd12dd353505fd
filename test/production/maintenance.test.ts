// The maintenance window against the sandbox with the real client: what it remembers, what it puts
// back, and what it leaves alone.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAINTENANCE_STATE, MaintenanceWindow } from '../../src/production/maintenance.ts';
import { startHarness, type Harness } from '../scalingo/sandbox-client.ts';

let h: Harness;
let state: Record<string, string>;
beforeEach(async () => {
  h = await startHarness();
  h.sandbox.createApp('shop', { variables: { MAINTENANCE_MESSAGE: 'Welcome', SECRET_KEY: 'k' } });
  state = {};
});
afterEach(async () => {
  await h.sandbox.close();
});

const lifecycle = () => ({ signal: new AbortController().signal, remember: (k: string, v: string) => (state[k] = v) });
const values = () => Object.fromEntries(h.sandbox.app('shop').variables.map((v) => [v.name, v.value]));
const window = () =>
  new MaintenanceWindow({ scalingo: h.client, logger: h.logger, lifecycle: lifecycle() }, 'shop', {
    variables: [
      { name: 'MAINTENANCE_ENABLE', value: '1' },
      { name: 'MAINTENANCE_MESSAGE', value: 'Back soon' },
    ],
    timeoutMs: 5000,
    pollIntervalMs: 10,
  });

describe('MaintenanceWindow', () => {
  it('remembers the previous values before setting anything, and puts them back', async () => {
    const w = window();
    await w.enter();
    expect(JSON.parse(state[MAINTENANCE_STATE]!)).toEqual({
      app: 'shop',
      set: [
        { name: 'MAINTENANCE_ENABLE', value: '1' },
        { name: 'MAINTENANCE_MESSAGE', value: 'Back soon' },
      ],
      previous: [
        { name: 'MAINTENANCE_ENABLE', value: null },
        { name: 'MAINTENANCE_MESSAGE', value: 'Welcome' },
      ],
    });
    expect(h.sandbox.app('shop').runningVariables).toMatchObject({
      MAINTENANCE_ENABLE: '1',
      MAINTENANCE_MESSAGE: 'Back soon',
    });
    expect(await w.lift()).toEqual({ lifted: true });
    expect(values()).toEqual({ MAINTENANCE_MESSAGE: 'Welcome', SECRET_KEY: 'k' });
    expect(h.sandbox.app('shop').runningVariables).toMatchObject({ MAINTENANCE_MESSAGE: 'Welcome' });
    expect(state[MAINTENANCE_STATE]).toBe('');
    expect(w.durationMs).toBeGreaterThan(0);
  });

  it('leaves a variable someone changed meanwhile as it is', async () => {
    const w = window();
    await w.enter();
    h.sandbox.app('shop').variables.find((v) => v.name === 'MAINTENANCE_MESSAGE')!.value = 'Edited by hand';
    await w.lift();
    expect(values()).toEqual({ MAINTENANCE_MESSAGE: 'Edited by hand', SECRET_KEY: 'k' });
    expect(h.logger.text()).toMatch(/MAINTENANCE_MESSAGE on shop was changed while in maintenance: left as it is now/);
  });

  it('resumed from the state of a killed step, restores and restarts even when the variables were put back already', async () => {
    await window().enter();
    const remembered = state[MAINTENANCE_STATE]!;
    h.sandbox.app('shop').variables = h.sandbox.app('shop').variables.filter((v) => v.name !== 'MAINTENANCE_ENABLE');
    h.sandbox.app('shop').variables.find((v) => v.name === 'MAINTENANCE_MESSAGE')!.value = 'Welcome';
    const restarts = () => h.sandbox.journal.filter((e) => e.path === '/v1/apps/shop/restart').length;
    const before = restarts();
    const resumed = MaintenanceWindow.resume({ scalingo: h.client, logger: h.logger }, remembered, 5000)!;
    expect(await resumed.lift()).toEqual({ lifted: true });
    expect(restarts()).toBe(before + 1);
    expect(h.sandbox.app('shop').runningVariables).not.toHaveProperty('MAINTENANCE_ENABLE');
  });

  it('a failed lift says how to do it by hand', async () => {
    const w = window();
    await w.enter();
    h.sandbox.fault({ method: 'PUT', path: '/v1/apps/shop/variables', status: 422, times: 2 });
    const outcome = await w.lift();
    expect(outcome).toMatchObject({
      lifted: false,
      command:
        "scalingo --app shop env-unset MAINTENANCE_ENABLE && scalingo --app shop env-set MAINTENANCE_MESSAGE='Welcome' && scalingo --app shop restart",
    });
    expect(w.active).toBe(true);
  });
});
