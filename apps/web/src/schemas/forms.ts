import { StorableText } from '@minitwit/service';
import { Type } from 'typebox';

// Fields are optional strings: a missing field gets the page's own error
// text. What is stored or looked up cannot hold the NUL character
// (PostgreSQL refuses it); passwords are only hashed.
const field = Type.Optional(StorableText());
const password = Type.Optional(Type.String());

export const LoginForm = Type.Object({ username: field, password });

export const RegisterForm = Type.Object({
  username: field,
  email: field,
  password,
  password2: password,
});

export const MessageForm = Type.Object({ text: field });

export const ChangePasswordForm = Type.Object({ current: password, password, password2: password });

export const DeleteAccountForm = Type.Object({ password });
