import { type Context, Hono } from 'hono';
import { AppError } from '../../errors/index.ts';
import { listCanonicalTopics, type SpellingSuggestion } from '../../match/index.ts';
import { SubscribeForm, validateForm } from '../../subscribers/index.ts';
import { resolveClientIp } from '../client-ip.ts';
import { issueCsrfToken } from '../csrf-protection.ts';
import { exampleTopics } from '../example-topics.ts';
import { type HomeSample, renderHomePage } from '../pages/home-page.ts';
import { renderMessagePage } from '../pages/layout.ts';
import type { FormValues } from '../pages/schedule-fields.ts';
import { SlidingWindowLimiter } from '../rate-limiter.ts';
import { readForm } from '../read-form.ts';
import { toSamplePaper } from '../sample-issue.ts';
import { readSpellingHints } from '../spelling-hints.ts';
import type { WebContext } from '../web-context.ts';

const hourMs = 3_600_000;
/** The hint names this many example topics, and the sample before typing is an issue for them. */
const hintTopics = exampleTopics.slice(0, 3);
const samplePapers = 3;

/** The home page with the sign-up form, the sign-up post (double opt-in) and "check your inbox". */
export function createSubscribeRoutes(ctx: WebContext): Hono {
  const routes = new Hono();
  const { config, newsletterName } = ctx;
  const subscribeLimiter = new SlidingWindowLimiter(config.SUBSCRIBE_IP_LIMIT, hourMs);
  const suggestions = listCanonicalTopics();

  const loadSample = async (): Promise<HomeSample | undefined> => {
    const sample = await ctx.samples.buildSample(hintTopics, samplePapers);
    if (sample.date === null) return undefined;
    return { date: sample.date, topics: hintTopics, papers: sample.papers.map(toSamplePaper) };
  };

  const showHome = async (
    c: Context,
    values: FormValues,
    errors: Record<string, string>,
    status: 200 | 422,
    didYouMean: readonly SpellingSuggestion[] = [],
  ) => {
    const sample = await loadSample();
    return c.html(
      renderHomePage({
        newsletterName,
        csrfToken: issueCsrfToken(c, ctx.csrf),
        values,
        errors,
        exampleTopics: hintTopics,
        suggestions,
        ...(sample ? { sample } : {}),
        ...(didYouMean.length > 0 ? { didYouMean } : {}),
      }),
      status,
    );
  };

  routes.get('/', (c) => showHome(c, {}, {}, 200));

  routes.post('/subscribe', async (c) => {
    const values = await readForm(c);
    const form = validateForm(SubscribeForm, values);
    // A word that looks mistyped is asked about once (the page's script shows the same question as
    // the reader types, and then says it was asked); a second press keeps the topics as typed.
    // Asking stores and mails nothing, so it does not count against the sign-up limit.
    if (form.ok && values.asTyped !== '1') {
      const didYouMean = await readSpellingHints(ctx, form.value.topics);
      if (didYouMean.length > 0) return showHome(c, values, {}, 200, didYouMean);
    }
    const decision = subscribeLimiter.hit(resolveClientIp(c, config.TRUST_PROXY), ctx.clock());
    if (!decision.allowed) {
      c.header('Retry-After', String(decision.retryAfterSeconds));
      throw new AppError('RATE_LIMITED', 'too many sign-up attempts from this address');
    }
    if (!form.ok) return showHome(c, values, form.errors, 422);
    // One insert whatever the address: known, new, suppressed or over its daily limit all answer alike
    // and equally fast. The queue applies the rules and mails the confirmation right after.
    await ctx.signups.enqueue(form.value, 'web');
    return c.redirect('/subscribe/check-inbox', 303);
  });

  // Without SMTP_URL every email goes to the built-in mail catcher (see main.ts): no inbox will see it.
  const usesMailCatcher = config.SMTP_URL === undefined;
  routes.get('/subscribe/check-inbox', (c) =>
    c.html(
      renderMessagePage({
        newsletterName,
        title: 'Check your inbox',
        paragraphs: [
          'If the address can receive our email, a message with a confirmation link is on its way. Click the link to start your subscription.',
          usesMailCatcher
            ? 'This Paperboy sends no real email yet (SMTP_URL is not set): every message lands in its outbox instead.'
            : 'Nothing arrives? Look in the spam folder, or wait a few minutes and subscribe again.',
        ],
        ...(usesMailCatcher ? { links: [{ href: '/outbox', label: 'Open the outbox' }] } : {}),
      }),
    ),
  );

  return routes;
}
