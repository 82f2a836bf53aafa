export { Config, developmentSecret, loadConfig } from './config.ts';
export { isLocalUrl, isLoopbackHost } from './local-address.ts';
