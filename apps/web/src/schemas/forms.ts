import { Type } from 'typebox';

// Fields are optional strings: a missing field gets the page's own error text.
const field = Type.Optional(Type.String());

export const LoginForm = Type.Object({ username: field, password: field });

export const RegisterForm = Type.Object({
  username: field,
  email: field,
  password: field,
  password2: field,
});

export const MessageForm = Type.Object({ text: field });

export const registerErrors = {
  username: 'You have to enter a username',
  email: 'You have to enter a valid email address',
  password: 'You have to enter a password',
  mismatch: 'The two passwords do not match',
  taken: 'The username is already taken',
} as const;
