export { createDatabaseClient, DatabaseClient } from './client.js';
export type { DatabaseClientOptions, SqlResult } from './client.js';
export { UnconfirmedCommitError } from './commit-confirmation.js';
export {
  databaseStartupError,
  databaseStartupProblem,
  isDatabaseUnavailable,
  isEndedByDatabase,
  unavailableRetrySeconds,
} from './errors.js';
export { followedUsernames, followUser, isFollowing, unfollowUser } from './follows.js';
export { postMessage, postMessageAs } from './messages.js';
export { applyMigrations } from './migrations.js';
export { Prisma } from './generated/prisma/client.js';
export type { Follow, Message, User } from './generated/prisma/client.js';
export { knownMigrations, pendingMigrations } from './schema-version.js';
export { countAccounts, countRows, estimateRowCounts } from './row-counts.js';
export type { AccountCounts, RowCounts } from './row-counts.js';
export { readLatest, recordLatest } from './simulator-latest.js';
export {
  authors,
  homeTimelineQuery,
  lateralAuthorLimit,
  readHomeTimeline,
  readTimeline,
  readTimelineTexts,
  timelineQuery,
} from './timelines.js';
export type { HomeTimeline, HomeTimelineWay } from './timelines.js';
export type {
  TimelineMessage,
  TimelinePosition,
  TimelineRange,
  TimelineText,
} from './timelines.js';
export { accountData } from './account-data.js';
export { profileCounts } from './profile-counts.js';
export type { ProfileCounts } from './profile-counts.js';
export type { AccountData } from './account-data.js';
export {
  changePassword,
  createUser,
  deleteUser,
  endSessions,
  replacePasswordHash,
  sessionRecord,
  signInRecord,
  userByUsername,
} from './users.js';
export type { SessionRecord, SessionUserRecord, SignInRecord, UserSummary } from './users.js';
export { BulkImport } from './bulk-import.js';
export type { IdsInUse, ImportedFollow, ImportedMessage, ImportedUser } from './bulk-import.js';
export {
  messagesForModeration,
  moderateMessages,
  recentModerationActions,
  setModerator,
} from './moderation.js';
export type {
  ModeratedMessage,
  ModerationOutcome,
  ModerationRecord,
  Moderator,
} from './moderation.js';
export { TimelineCache } from './timeline-cache.js';
export type {
  FollowedAuthors,
  ProfileShows,
  TimelineCacheOptions,
  TimelineRead,
  TimelineShows,
} from './timeline-cache.js';
export {
  followChangesChannel,
  sessionChangesChannel,
  TimelineChangeListener,
  timelineChangesChannel,
  timelineListenerName,
} from './timeline-changes.js';
export type {
  FollowChange,
  TimelineChange,
  TimelineChangeHandlers,
  TimelineChangeListenerOptions,
} from './timeline-changes.js';
