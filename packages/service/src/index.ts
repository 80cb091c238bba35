export { loadConfig, serverSettings } from './config.js';
export { serve } from './serve.js';
export type { ServeOptions } from './serve.js';
