import type { FastifyReply } from 'fastify';
import { passwordMinLength } from './password-policy.js';

/** Why a form of the settings page was refused, shown by that form. */
export interface SettingsErrors {
  passwordError?: string;
  deleteError?: string;
}

/** The signed-in user's settings: change the password, take the data, delete the account. */
export function showSettings(reply: FastifyReply, errors: SettingsErrors = {}) {
  return reply.page('settings.hbs', 'Settings', { passwordMinLength, ...errors });
}
