// Addons of an app (list, get, provision, deprovision, token) and the catalogue (providers and
// their plans, readable without authentication, §18).
import { planById, planView, providerById, providerView, PROVIDERS } from '../catalogue.ts';
import type { SandboxCore } from '../core.ts';
import { notFound, sendEmpty, sendJson, unprocessable, wrapped, type Router } from '../http.ts';
import { deprovisionAddon, provisionAddon } from '../provisioning.ts';
import { addonView } from '../views-addons.ts';
import { pathApp } from './apps.ts';

export function addonRoutes(router: Router, core: SandboxCore): void {
  const ids = core.options.addonProviderIds;
  router.add('GET', '/v1/addon_providers', 'none', (ctx) => {
    sendJson(ctx, 200, { addon_providers: PROVIDERS.map((p) => providerView(p, ids)) });
  });

  router.add('GET', '/v1/addon_providers/:provider/plans', 'none', (ctx) => {
    const provider = providerById(ctx.params.provider ?? '', ids);
    if (!provider) return notFound(ctx, 'addon_provider');
    sendJson(ctx, 200, { plans: provider.plans.map((plan) => planView(provider, plan)) });
  });

  router.add('GET', '/v1/apps/:app/addons', 'user', (ctx) => {
    const app = pathApp(core, ctx);
    if (app) sendJson(ctx, 200, { addons: app.addons.map((a) => addonView(app, a, ids)) });
  });

  // Sandbox choice (facts silent): blank ids → 422; an unknown provider or plan → 404 with its resource.
  router.add('POST', '/v1/apps/:app/addons', 'user', (ctx) => {
    const app = pathApp(core, ctx);
    if (!app) return;
    const params = wrapped(ctx.body, 'addon');
    const providerId = params?.addon_provider_id;
    const planId = params?.plan_id;
    const blank: Record<string, string[]> = {};
    if (typeof providerId !== 'string' || providerId === '') blank.addon_provider_id = ["can't be blank"];
    if (typeof planId !== 'string' || planId === '') blank.plan_id = ["can't be blank"];
    if (Object.keys(blank).length > 0) return unprocessable(ctx, blank);
    const provider = providerById(String(providerId), ids);
    if (!provider) return notFound(ctx, 'addon_provider');
    const plan = planById(provider, String(planId));
    if (!plan) return notFound(ctx, 'plan');
    const addon = provisionAddon(core, app, provider, plan, { aliases: true });
    sendJson(ctx, 201, {
      addon: addonView(app, addon, ids),
      message: `${provider.name} is being provisioned`,
      variables: addon.variableNames,
    });
  });

  router.add('GET', '/v1/apps/:app/addons/:id', 'user', (ctx) => {
    const app = pathApp(core, ctx);
    if (!app) return;
    const addon = app.addons.find((a) => a.id === ctx.params.id);
    if (!addon) return notFound(ctx, 'addon');
    sendJson(ctx, 200, { addon: addonView(app, addon, ids) });
  });

  router.add('DELETE', '/v1/apps/:app/addons/:id', 'user', async (ctx) => {
    const app = pathApp(core, ctx);
    if (!app) return;
    const addon = app.addons.find((a) => a.id === ctx.params.id);
    if (!addon) return notFound(ctx, 'addon');
    await deprovisionAddon(core, app, addon);
    sendEmpty(ctx, 204);
  });

  router.add('POST', '/v1/apps/:app/addons/:id/token', 'user', (ctx) => {
    const app = pathApp(core, ctx);
    if (!app) return;
    const addon = app.addons.find((a) => a.id === ctx.params.id);
    if (!addon) return notFound(ctx, 'addon');
    sendJson(ctx, 200, { addon: { ...addonView(app, addon, ids), token: core.jwt.issue({ addon_uuid: addon.id }) } });
  });
}
