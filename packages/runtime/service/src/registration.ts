import { usernameMaxLength, usernameProblem } from './usernames.js';

/**
 * The registration errors both services' contracts name: the classic
 * MiniTwit's, word for word, and the name rules' (usernames.ts).
 */
export const registrationErrors = {
  username: 'You have to enter a username',
  tooLong: `The username can have at most ${usernameMaxLength} characters`,
  invisible: 'The username cannot contain control or invisible characters',
  reserved: 'The username is reserved for the site itself',
  email: 'You have to enter a valid email address',
  password: 'You have to enter a password',
  mismatch: 'The two passwords do not match',
  taken: 'The username is already taken',
} as const;

/** A registration whose fields passed the classic checks. */
export interface Registration {
  username: string;
  email: string;
  password: string;
}

export interface RegistrationFields {
  username?: string | undefined;
  email?: string | undefined;
  password?: string | undefined;
}

/** What a form adds to the classic checks: the password asked twice, a policy for it. */
export interface RegistrationChecks {
  /** The password's second entry, checked right after the password. */
  repeated?: string | undefined;
  /** Why a password is refused (the web's policy), checked right after it is found present. */
  passwordProblem?: (password: string) => string | undefined;
}

/** A refused registration: why, and which field it is about (a form ties the text to it). */
export interface RegistrationError {
  error: string;
  field: 'username' | 'email' | 'password' | 'repeated';
}

/**
 * The new user, its username trimmed, or the first error its fields make,
 * in the classic order (username, email, password, then the form's own
 * checks). A taken username is the database's to say, last.
 */
export function readRegistration(
  { username, email, password }: RegistrationFields,
  { repeated, passwordProblem }: RegistrationChecks = {},
): Registration | RegistrationError {
  const name = username?.trim();
  if (!name) return { error: registrationErrors.username, field: 'username' };
  const problem = usernameProblem(name);
  if (problem) return { error: registrationErrors[problem], field: 'username' };
  if (!email?.includes('@')) return { error: registrationErrors.email, field: 'email' };
  const newPassword = readNewPassword(password, { repeated, passwordProblem });
  if ('error' in newPassword) return newPassword;
  return { username: name, email, password: newPassword.password };
}

/**
 * A new password (a sign-up's, a change's), or why it is refused, in the
 * classic order: missing, then the form's policy, then its repetition differing.
 */
export function readNewPassword(
  password: string | undefined,
  { repeated, passwordProblem }: RegistrationChecks = {},
): { password: string } | RegistrationError {
  if (!password) return { error: registrationErrors.password, field: 'password' };
  const weakness = passwordProblem?.(password);
  if (weakness) return { error: weakness, field: 'password' };
  if (repeated !== undefined && repeated !== password) {
    return { error: registrationErrors.mismatch, field: 'repeated' };
  }
  return { password };
}
