/** The classic MiniTwit's registration errors, word for word: both services' contracts name them. */
export const registrationErrors = {
  username: 'You have to enter a username',
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

/**
 * The new user, or the first error its fields make, in the classic order
 * (username, email, password); a form that asks for the password twice
 * passes the second one as `confirmation`, checked right after the password.
 * A taken username is the database's to say, last.
 */
export function readRegistration(
  { username, email, password }: RegistrationFields,
  confirmation?: { repeated: string | undefined },
): Registration | { error: string } {
  if (!username) return { error: registrationErrors.username };
  if (!email?.includes('@')) return { error: registrationErrors.email };
  if (!password) return { error: registrationErrors.password };
  if (confirmation && confirmation.repeated !== password) {
    return { error: registrationErrors.mismatch };
  }
  return { username, email, password };
}
