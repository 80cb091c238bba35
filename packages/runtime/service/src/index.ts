export {
  databaseClientOptions,
  databaseSettings,
  loadConfig,
  postgresUrlPattern,
  serverSettings,
  timelineCacheSettings,
} from './config.js';
export { default as metrics } from './metrics.js';
export { default as requestLog } from './request-log.js';
export { serve } from './serve.js';
export type { ServeOptions } from './serve.js';
export { serverOptions } from './server-options.js';
export { default as businessMetrics, readBusinessGauges } from './business-metrics.js';
export type {
  BusinessCounter,
  BusinessGauges,
  BusinessMetrics,
  BusinessMetricsOptions,
} from './business-metrics.js';
export { classifyError } from './error-class.js';
export type { ErrorClass } from './error-class.js';
export { countedWrites } from './counted-writes.js';
export type { CountedWrites } from './counted-writes.js';
export { readNewPassword, readRegistration, registrationErrors } from './registration.js';
export type { RegistrationChecks, RegistrationError, RegistrationFields } from './registration.js';
export { StorableText } from './storable-text.js';
export { listenForChanges, meteredCache } from './timeline-cache.js';
export type { CacheBounds, ServiceCaches } from './timeline-cache.js';
export { characterCount } from './character-count.js';
export { messageErrors, messageMaxLength, readMessageText } from './message-text.js';
export { reservedUsernames, usernameMaxLength, usernameProblem } from './usernames.js';
