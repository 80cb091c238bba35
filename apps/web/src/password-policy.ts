import { characterCount } from '@minitwit/service';
import { dictionary } from '@zxcvbn-ts/language-common';

/**
 * What a password set on the web must be (a sign-up, a change): long
 * enough, and not one of the commonest. The API keeps taking the
 * simulator's passwords as they come (some of its real ones have 7
 * characters).
 */
export const passwordMinLength = 8;

// zxcvbn-ts's list of common passwords (about 49,000, from leaks), those
// long enough to pass the length rule: a password is compared lower-cased.
const commonPasswords = new Set(
  dictionary['passwords-common'].filter((password) => password.length >= passwordMinLength),
);

export const passwordPolicyErrors = {
  tooShort: `Your password needs at least ${passwordMinLength} characters`,
  common: 'That password is one of the most common ones: please choose another',
} as const;

/** Why a new password is refused, or undefined. */
export function passwordProblem(password: string): string | undefined {
  if (characterCount(password) < passwordMinLength) return passwordPolicyErrors.tooShort;
  if (commonPasswords.has(password.toLowerCase())) return passwordPolicyErrors.common;
  return undefined;
}
