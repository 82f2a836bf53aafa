import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Subscriber } from '../../src/store/index.ts';
import { adminEditionDate, rejection, seedAdminEdition } from './admin-fixture.ts';
import { createWebHarness, type WebHarness } from './web-harness.ts';

const token = 'admin-token-123';
const auth = { authorization: `Bearer ${token}` };

describe('the admin area', () => {
  let h: WebHarness;
  let people: Record<'ada' | 'bob' | 'cy' | 'dee' | 'eve', Subscriber>;

  beforeEach(async () => {
    h = await createWebHarness({ env: { ADMIN_LABEL: 'ops-alice' } });
    people = await seedAdminEdition(h.store, h.config, h.clock.now);
  });
  afterEach(async () => {
    await h.close();
  });

  const get = (path: string) => h.get(path, { headers: auth });
  /** GETs a page with forms as the operator, then POSTs one of them with the cookie and CSRF token. */
  const submit = async (formPage: string, action: string, fields: Record<string, string> = {}) => {
    const page = await get(formPage);
    const html = await page.text();
    const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(csrf).not.toBe('');
    return h.post(action, { _csrf: csrf, ...fields }, { cookie, headers: auth });
  };

  it('answers a missing or wrong token with the same bare 401, for pages that exist and ones that do not', async () => {
    const answers = await Promise.all([
      h.get('/admin'),
      h.get('/admin/editions/2025-03-11'),
      h.get('/admin/no-such-page'),
      h.get('/admin', { headers: { authorization: 'Bearer wrong-token-456' } }),
      h.get('/admin/subscribers.csv', { headers: { authorization: `Basic ${btoa('x:nope')}` } }),
      h.post('/admin/editions/2025-03-11/retry-failed', {}),
    ]);
    for (const response of answers) {
      expect(response.status).toBe(401);
      expect(await response.text()).toBe('Unauthorized');
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('www-authenticate')).toContain('Basic');
    }
    expect((await get('/admin/no-such-page')).status).toBe(404);
    const basic = await h.get('/admin', { headers: { authorization: `Basic ${btoa(`any:${token}`)}` } });
    expect(basic.status).toBe(200);
  });

  it('shows the overview: editions with their counts, the two charts, next slots, no caching', async () => {
    const response = await get('/admin');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const html = await response.text();
    const row =
      /<tr><th scope="row" class="nowrap"><a href="\/admin\/editions\/2025-03-11">2025-03-11<\/a><\/th>(.*?)<\/tr>/.exec(
        html,
      );
    const cells = [...(row?.[1] ?? '').matchAll(/<td class="num[^"]*">(\d+)<\/td>/g)].map((m) =>
      Number(m[1]),
    );
    // planned, sent, queued, deferred, failed, suppressed, empty, cancelled
    expect(cells).toEqual([5, 1, 0, 1, 2, 0, 1, 0]);
    expect(html).toContain('2025-03-11: 1 sent, 2 failed');
    expect(html).toContain('confirmed 5, paused 0');
    expect(html).toMatch(/<svg class="chart"[^>]*role="img"/);
    expect(html).not.toMatch(/<script/);
    expect(html).toContain('ada@example.org');
  });

  it('shows an edition with each failure and its SMTP response, and its papers with counts', async () => {
    const html = await (await get(`/admin/editions/${adminEditionDate}?status=failed`)).text();
    expect(html).toContain('bob@example.org');
    expect(html).toContain('cy@example.org');
    expect(html).not.toContain('<td>ada@example.org</td>');
    expect(html).toContain(rejection);
    expect(html).toMatch(/Retry 2 failed/);
    expect(html).toMatch(/<td>[^<]+<\/td><td class="num">[1-9]\d*<\/td><td class="num">\d+<\/td>/);
    expect((await get('/admin/editions/2031-01-01')).status).toBe(404);
  });

  it('retries failed deliveries through a CSRF-checked POST and writes it to the audit trail', async () => {
    const path = `/admin/editions/${adminEditionDate}`;
    const forged = await h.post(`${path}/retry-failed`, {}, { headers: auth });
    expect(forged.status).toBe(403);
    const response = await submit(path, `${path}/retry-failed`);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`${path}?done=retried&n=2`);
    const edition = await h.store.admin.findEdition(adminEditionDate);
    expect(edition).toMatchObject({ failed: 0, queued: 2 });
    expect(await (await get(`${path}?done=retried&n=2`)).text()).toContain(
      '2 failed deliveries are queued again',
    );
    const audit = await (await get('/admin/audit')).text();
    expect(audit).toMatch(
      /<td>ops-alice<\/td><td>edition.retry_failed<\/td><td class="response">edition:2025-03-11<\/td><td class="response">\{&quot;deliveries&quot;:2\}/,
    );
  });

  it('cancels the rest of an edition', async () => {
    const path = `/admin/editions/${adminEditionDate}`;
    expect((await submit(path, `${path}/cancel-rest`)).status).toBe(303);
    expect(await h.store.admin.findEdition(adminEditionDate)).toMatchObject({ deferred: 0, cancelled: 1 });
    const entries = (await h.store.audit.list({ offset: 0, limit: 5 })).entries;
    expect(entries[0]).toMatchObject({
      actor: 'ops-alice',
      action: 'edition.cancel_rest',
      detail: '{"deliveries":1}',
    });
  });

  it('finds subscribers by topic and shows a profile with deliveries and ratings', async () => {
    const list = await (await get('/admin/subscribers?q=reinforcement')).text();
    expect(list).toContain(`href="/admin/subscribers/${people.bob.id}"`);
    expect(list).not.toContain('ada@example.org');
    const [paper] = await h.store.papers.listPapers({ digestDate: adminEditionDate });
    await h.store.ratings.rate(people.bob.id, paper?.id ?? '', 'up', 'web', h.clock.now);
    const profile = await (await get(`/admin/subscribers/${people.bob.id}`)).text();
    expect(profile).toContain('reinforcement learning');
    expect(profile).toContain(rejection);
    expect(profile).toContain(`More like this: ${paper?.title}`);
    expect(profile).toContain('/preview?email=bob%40example.org');
    expect((await get('/admin/subscribers/99999')).status).toBe(404);
  });

  it('suppresses after a confirm step, lifts from the list, deletes, and audits each', async () => {
    const base = `/admin/subscribers/${people.ada.id}`;
    const confirm = await (await get(`${base}/suppress`)).text();
    expect(confirm).toContain('Suppress ada@example.org?');
    expect(await h.store.subscribers.isSuppressed('ada@example.org')).toBe(false);
    expect((await submit(`${base}/suppress`, `${base}/suppress`)).status).toBe(303);
    expect((await h.store.subscribers.findById(people.ada.id))?.status).toBe('suppressed');
    const list = await (await get('/admin/suppressions')).text();
    expect(list).toMatch(/ada@example.org<\/td><td class="response">manual<\/td><td>admin<\/td>/);
    const lift = await submit('/admin/suppressions', '/admin/suppressions/lift', {
      email: 'ada@example.org',
    });
    expect(lift.headers.get('location')).toBe('/admin/suppressions?done=lifted');
    expect((await h.store.subscribers.findById(people.ada.id))?.status).toBe('confirmed');
    expect((await submit(`${base}/delete`, `${base}/delete`)).headers.get('location')).toBe(
      '/admin/subscribers?done=delete',
    );
    expect(await h.store.subscribers.findById(people.ada.id)).toBeUndefined();
    const actions = (await h.store.audit.list({ offset: 0, limit: 10 })).entries.map((e) => e.action);
    expect(actions).toEqual(['subscriber.delete', 'suppression.lift', 'subscriber.suppress']);
  });

  it('exports every subscriber as CSV in the import format', async () => {
    const response = await get('/admin/subscribers.csv');
    expect(response.headers.get('content-type')).toContain('text/csv');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const lines = (await response.text()).trim().split(/\r?\n/);
    expect(lines[0]).toBe('email,topics,frequency,weekday,hour,timezone,status,likes,dislikes');
    expect(lines).toHaveLength(6);
    expect(lines.some((l) => l.startsWith('cy@example.org,diffusion models,daily'))).toBe(true);
  });

  it('lists digests with their paper counts, and the feedback of recent editions', async () => {
    const digests = await (await get('/admin/digests')).text();
    expect(digests).toMatch(/<td class="num">63<\/td>/);
    expect(digests).toContain('No source has been fetched');
    const [paper] = await h.store.papers.listPapers({ digestDate: adminEditionDate });
    await h.store.ratings.rate(people.cy.id, paper?.id ?? '', 'down', 'web', h.clock.now);
    const feedback = await (await get('/admin/feedback')).text();
    expect(feedback).toContain(`<td>${paper?.title}</td>`);
    expect(feedback).toContain('No paper of these editions was liked yet.');
  });
});

describe('the admin area without ADMIN_TOKEN', () => {
  let h: WebHarness;
  afterEach(async () => {
    await h.close();
  });

  it('is open to the local operator in development, who is audited as `local`, and to nobody else', async () => {
    h = await createWebHarness({
      env: { NODE_ENV: 'development', ADMIN_TOKEN: '', PUBLIC_URL: 'http://localhost:8080' },
    });
    await seedAdminEdition(h.store, h.config, h.clock.now);
    const local = { remoteAddress: '127.0.0.1' };
    expect((await h.get('/admin', { remoteAddress: '203.0.113.9' })).status).toBe(401);
    expect((await h.get('/admin', { ...local, headers: { 'x-forwarded-for': '127.0.0.1' } })).status).toBe(
      401,
    );
    const page = await h.get(`/admin/editions/${adminEditionDate}`, local);
    expect(page.status).toBe(200);
    const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
    const done = await h.post(
      `/admin/editions/${adminEditionDate}/retry-failed`,
      { _csrf: csrf },
      { ...local, cookie },
    );
    expect(done.status).toBe(303);
    expect((await h.store.audit.list({ offset: 0, limit: 1 })).entries[0]).toMatchObject({
      actor: 'local',
      action: 'edition.retry_failed',
    });
  });
});
