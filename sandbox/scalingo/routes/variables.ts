// Environment variables: list (aliases or expanded), create, bulk upsert, update, delete, bulk delete.
import type { SandboxCore } from '../core.ts';
import { notFound, queryString, sendEmpty, sendJson, unprocessable, wrapped, type Router } from '../http.ts';
import { expandAliases } from '../release.ts';
import { objectId, type AppState, type VariableState } from '../state.ts';
import { variableView } from '../views.ts';
import { pathApp } from './apps.ts';

const NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const MAX_VALUE = 8192;

function validate(name: unknown, value: unknown): Record<string, string[]> | null {
  const errors: Record<string, string[]> = {};
  if (typeof name !== 'string' || name === '') errors.name = ["can't be blank", 'must start with a letter'];
  else if (!NAME.test(name)) errors.name = ['must start with a letter and contain only letters, digits and _ (64 max)'];
  if (typeof value !== 'string' || value === '') errors.value = ["can't be blank"];
  else if (value.length > MAX_VALUE) errors.value = [`is too long (maximum is ${MAX_VALUE} characters)`];
  return Object.keys(errors).length > 0 ? errors : null;
}

function upsert(app: AppState, name: string, value: string): VariableState {
  const existing = app.variables.find((v) => v.name === name);
  if (existing) {
    existing.value = value;
    return existing;
  }
  const created = { id: objectId(), name, value };
  app.variables.push(created);
  return created;
}

export function variableRoutes(router: Router, core: SandboxCore): void {
  router.add('GET', '/v1/apps/:app/variables', 'user', (ctx) => {
    const app = pathApp(core, ctx);
    if (!app) return;
    const expanded = queryString(ctx, 'aliases') === 'false' ? expandAliases(app.variables) : null;
    const variables = app.variables.map((v) =>
      variableView(app, expanded ? { ...v, value: expanded.get(v.name) ?? v.value } : v),
    );
    sendJson(ctx, 200, { variables });
  });

  router.add('POST', '/v1/apps/:app/variables', 'user', (ctx) => {
    const app = pathApp(core, ctx);
    if (!app) return;
    const params = wrapped(ctx.body, 'variable');
    const errors = validate(params?.name, params?.value);
    if (errors) return unprocessable(ctx, errors);
    if (app.variables.some((v) => v.name === params?.name))
      return unprocessable(ctx, { name: ['has already been taken'] });
    sendJson(ctx, 201, { variable: variableView(app, upsert(app, String(params?.name), String(params?.value))) });
  });

  router.add('PUT', '/v1/apps/:app/variables', 'user', (ctx) => {
    const app = pathApp(core, ctx);
    if (!app) return;
    const list = (ctx.body as { variables?: unknown } | null)?.variables;
    if (!Array.isArray(list) || list.length === 0) return unprocessable(ctx, { variables: ["can't be blank"] });
    for (const item of list as { name?: unknown; value?: unknown }[]) {
      const errors = validate(item?.name, item?.value);
      if (errors) return unprocessable(ctx, errors);
    }
    const saved = (list as { name: string; value: string }[]).map((item) => upsert(app, item.name, item.value));
    sendJson(ctx, 200, { variables: saved.map((v) => variableView(app, v)) });
  });

  router.add('PATCH', '/v1/apps/:app/variables/:id', 'user', (ctx) => {
    const app = pathApp(core, ctx);
    if (!app) return;
    const variable = app.variables.find((v) => v.id === ctx.params.id);
    if (!variable) return notFound(ctx, 'variable');
    const value = wrapped(ctx.body, 'variable')?.value;
    const errors = validate(variable.name, value);
    if (errors) return unprocessable(ctx, errors);
    variable.value = String(value);
    sendJson(ctx, 200, { variable: variableView(app, variable) });
  });

  router.add('DELETE', '/v1/apps/:app/variables/:id', 'user', (ctx) => {
    const app = pathApp(core, ctx);
    if (!app) return;
    const index = app.variables.findIndex((v) => v.id === ctx.params.id);
    if (index < 0) return notFound(ctx, 'variable');
    app.variables.splice(index, 1);
    sendEmpty(ctx, 204);
  });

  router.add('DELETE', '/v1/apps/:app/variables', 'user', (ctx) => {
    const app = pathApp(core, ctx);
    if (!app) return;
    const fromBody = (ctx.body as { variable_ids?: unknown } | null)?.variable_ids;
    const fromQuery = ctx.query['variable_ids[]'];
    const ids = new Set(
      Array.isArray(fromBody)
        ? fromBody.map(String)
        : Array.isArray(fromQuery)
          ? fromQuery
          : fromQuery
            ? [fromQuery]
            : [],
    );
    app.variables = app.variables.filter((v) => !ids.has(v.id));
    sendEmpty(ctx, 204);
  });
}
