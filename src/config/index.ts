export { Config, loadConfig } from './config.ts';
