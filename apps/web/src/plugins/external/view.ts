import path from 'node:path';
import view from '@fastify/view';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import Handlebars from 'handlebars';
import { markupEscape } from '../../markup-escape.js';

const viewsDir = path.join(import.meta.dirname, '..', '..', '..', 'views');

/**
 * Server-rendered pages: handlebars templates in views/, inside one layout.
 * Every `{{value}}` is escaped the MarkupSafe way. Handlebars has one escaping
 * function per process, so setting it here sets it for every template.
 */
async function pages(fastify: FastifyInstance) {
  Handlebars.Utils.escapeExpression = (value: unknown) => {
    if (value === null || value === undefined) return '';
    if (value instanceof Handlebars.SafeString) return value.toHTML();
    return markupEscape(typeof value === 'string' ? value : JSON.stringify(value));
  };
  await fastify.register(view, {
    engine: { handlebars: Handlebars },
    root: viewsDir,
    layout: 'layout.hbs',
    production: true,
  });
}

export default fp(pages, { name: 'view' });
