export { createWebApp, type WebAppDeps } from './create-web-app.ts';
export { type RunningWebServer, startWebServer } from './start-web-server.ts';
