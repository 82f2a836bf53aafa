export { Config, developmentSecret, loadConfig } from './config.ts';
export {
  type DefaultWarning,
  isRemoteRelay,
  listDefaultWarnings,
  logDefaultWarnings,
} from './list-default-warnings.ts';
export { isLocalUrl, isLoopbackHost } from './local-address.ts';
