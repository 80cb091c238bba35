import { classifyError, messageMaxLength } from '@minitwit/service';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Sign In Required',
  403: 'Forbidden',
  404: 'Page Not Found',
  413: 'Too Large',
  414: 'Address Too Long',
  415: 'Unsupported Form',
  429: 'Too Many Attempts',
};

const tooLarge = (bodyLimit: number) =>
  `That was more than the site takes in one form (${Math.round(bodyLimit / 1024)} KB). ` +
  `A message can have at most ${messageMaxLength} characters.`;

/**
 * Every error answer of the web app is a page (the status and the logging are
 * decided alike in both services by classifyError); a 5xx tells nothing of
 * the internals.
 */
export async function errorHandler(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  // An error answer is a page, never a redirect: a Location that could not be
  // sent (an invalid character) would fail the page too, and Fastify's own
  // fallback answer names the internal error.
  reply.removeHeader('location');
  const kind = classifyError(error, request, reply);
  // A form refused before the pages' hook ran (too large, invalid) still
  // shows the signed-in visitor their page; if the lookup fails too, signed out.
  if (kind === 'client error' && !request.currentUser) {
    await request.server.identifyVisitor(request).catch(() => undefined);
  }
  switch (kind) {
    case 'database unavailable':
      return reply.page('error.hbs', 'Unavailable', {
        message: 'MiniTwit cannot reach its database right now. Please try again in a moment.',
      });
    case 'server fault':
      return reply.page('error.hbs', 'Server Error', {
        message: 'Something went wrong on our side. Please try again.',
      });
    case 'client error':
      return reply.page('error.hbs', titles[reply.statusCode] ?? 'Error', {
        message:
          reply.statusCode === 413
            ? tooLarge(request.server.initialConfig.bodyLimit ?? 0)
            : error.message,
        signIn: reply.statusCode === 401,
      });
  }
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply) {
  return reply.code(404).page('error.hbs', 'Page Not Found', {
    message: `There is nothing at ${request.url.split('?')[0] ?? '/'}.`,
  });
}

/**
 * A URL no route can see (malformed, or a part too long): the error page,
 * rendered without the visitor, since no hook (session included) has run.
 */
export function urlErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const status = error.statusCode ?? 400;
  void request.server
    .view('error.hbs', { title: titles[status] ?? 'Error', message: error.message })
    .then(
      (page) => reply.code(status).type('text/html; charset=utf-8').send(page),
      (renderError: unknown) => {
        request.log.error({ err: renderError }, 'request failed');
        return reply.code(500).send();
      },
    );
}
