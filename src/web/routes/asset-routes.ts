import { readFileSync } from 'node:fs';
import { Hono } from 'hono';

// A Map, so a name such as `constructor` finds nothing rather than an Object.prototype member.
const assets = new Map([
  ['app.css', { type: 'text/css; charset=utf-8', body: readAsset('app.css') }],
  ['app.js', { type: 'text/javascript; charset=utf-8', body: readAsset('app.js') }],
  ['operator.css', { type: 'text/css; charset=utf-8', body: readAsset('operator.css') }],
  ['admin.css', { type: 'text/css; charset=utf-8', body: readAsset('admin.css') }],
]);

function readAsset(name: string): string {
  return readFileSync(new URL(`../assets/${name}`, import.meta.url), 'utf8');
}

/** The stylesheet and script every page links, the operator pages' stylesheet, and the favicon browsers ask for. */
export function createAssetRoutes(): Hono {
  const routes = new Hono();

  routes.get('/assets/:name', (c) => {
    const asset = assets.get(c.req.param('name'));
    if (!asset) return c.notFound();
    c.header('Cache-Control', 'public, max-age=3600');
    return c.body(asset.body, 200, { 'Content-Type': asset.type });
  });

  // Browsers ask for it on every page; an empty answer keeps 404s out of logs.
  routes.get('/favicon.ico', (c) => {
    c.header('Cache-Control', 'public, max-age=86400');
    return c.body(null, 204);
  });

  return routes;
}
