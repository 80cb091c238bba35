import type { FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyReply {
    /** Renders a page inside the layout, with the navigation's user and the flashes. */
    page(template: string, title: string, data?: Record<string, unknown>): FastifyReply;
  }
}

async function pages(fastify: FastifyInstance) {
  fastify.decorateReply('page', function page(this: FastifyReply, template, title, data = {}) {
    const { currentUser, session } = this.request;
    // Taking the flashes writes the session back: only when there are some,
    // so that a visitor without any is not sent a new session cookie on every page.
    const flashes = session.get('flash')?.info?.length ? this.flash('info') : [];
    return this.type('text/html; charset=utf-8').view(template, {
      ...data,
      title,
      currentUser,
      flashes,
    });
  });
}

export default fp(pages, {
  name: 'pages',
  dependencies: ['@fastify/view', 'session', 'authentication'],
});
