export { createDatabaseClient, DatabaseClient } from './client.js';
export type { DatabaseClientOptions, SqlResult } from './client.js';
export { isDatabaseUnavailable, isEndedByDatabase, unavailableRetrySeconds } from './errors.js';
export { followedUsernames, followUser, isFollowing, unfollowUser } from './follows.js';
export { postMessage, postMessageAs } from './messages.js';
export { applyMigrations } from './migrations.js';
export { Prisma } from './generated/prisma/client.js';
export type { Follow, Message, User } from './generated/prisma/client.js';
export { knownMigrations, pendingMigrations } from './schema-version.js';
export { countRows, estimateRowCounts } from './row-counts.js';
export type { RowCounts } from './row-counts.js';
export { readLatest, recordLatest } from './simulator-latest.js';
export { authors, readTimeline, readTimelineTexts, timelineQuery } from './timelines.js';
export type {
  TimelineMessage,
  TimelinePosition,
  TimelineRange,
  TimelineText,
} from './timelines.js';
export { createUser, endSessions, sessionUser, signInRecord, userByUsername } from './users.js';
export type { SignInRecord, UserSummary } from './users.js';
export { TimelineCache } from './timeline-cache.js';
export type { TimelineCacheOptions, TimelineRead } from './timeline-cache.js';
export {
  TimelineChangeListener,
  timelineChangesChannel,
  timelineListenerName,
} from './timeline-changes.js';
export type {
  TimelineChange,
  TimelineChangeHandlers,
  TimelineChangeListenerOptions,
} from './timeline-changes.js';
