import { characterCount } from './character-count.js';

/** The most characters of a message, as a person counts them (Mastodon's limit), in both services. */
export const messageMaxLength = 500;

/** Why a message is refused, in both services' words. */
export const messageErrors = {
  empty: 'You have to enter a message',
  tooLong: `A message can have at most ${messageMaxLength} characters`,
} as const;

/** The message to store, as it was written, or why it is refused: nothing but white space, or too long. */
export function readMessageText(text: string | undefined): { text: string } | { error: string } {
  if (!text?.trim()) return { error: messageErrors.empty };
  // No more UTF-16 units than the limit is never more characters: most messages are not counted.
  if (text.length > messageMaxLength && characterCount(text) > messageMaxLength) {
    return { error: messageErrors.tooLong };
  }
  return { text };
}
