export { mountOutboxRoutes } from './outbox-routes.ts';
export { type MailCatcher, startMailCatcher } from './start-mail-catcher.ts';
