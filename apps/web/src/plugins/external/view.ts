import path from 'node:path';
import view, { type FastifyViewOptions } from '@fastify/view';
import Handlebars from 'handlebars';
import { markupEscape } from '../../markup-escape.js';

// Every `{{value}}` is escaped the MarkupSafe way. Handlebars has one
// escaping function per process, so this sets it for every template.
Handlebars.Utils.escapeExpression = (value: unknown) => {
  if (value === null || value === undefined) return '';
  if (value instanceof Handlebars.SafeString) return value.toHTML();
  return markupEscape(typeof value === 'string' ? value : JSON.stringify(value));
};

/** Where the templates are. */
export const viewsRoot = path.join(import.meta.dirname, '..', '..', '..', 'views');

/** Server-rendered pages: handlebars templates in views/, inside one layout. */
export const autoConfig: FastifyViewOptions = {
  engine: { handlebars: Handlebars },
  root: viewsRoot,
  layout: 'layout.hbs',
  production: true,
};

export default view;
