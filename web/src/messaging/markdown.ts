// Message text -> safe HTML. markdown-it with raw HTML disabled, then DOMPurify with a small
// allow-list. This is the only place where user text becomes HTML; everything else in the app
// renders server and user text as text.
import MarkdownIt from 'markdown-it';
import DOMPurify from 'dompurify';

const md = new MarkdownIt({ html: false, linkify: true, breaks: true, typographer: false });
// Images would load external resources (and the CSP forbids them anyway): show them as text.
md.disable(['image']);

/** Links may only go to http(s), mailto or same-origin paths. */
const SAFE_URL = /^(?:https?:|mailto:|\/(?!\/)|#)/i;

const ALLOWED_TAGS = [
  'p', 'br', 'strong', 'em', 's', 'del', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a', 'hr',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'thead', 'tbody', 'tr', 'th', 'td',
];
const ALLOWED_ATTR = ['href', 'title', 'start'];

const purify = DOMPurify(window);
purify.addHook('afterSanitizeAttributes', (node) => {
  if (node.nodeName === 'A') {
    const href = node.getAttribute('href') ?? '';
    if (!SAFE_URL.test(href.trim())) node.removeAttribute('href');
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer');
  }
});

/** Sanitised HTML for a message text (Markdown). */
export function renderMarkdown(text: string): string {
  const html = md.render(text ?? '');
  return purify.sanitize(html, {
    ALLOWED_TAGS,
    ALLOWED_ATTR,
    ALLOWED_URI_REGEXP: SAFE_URL,
    ADD_ATTR: ['target'],
    FORBID_TAGS: ['script', 'style', 'iframe', 'img', 'svg', 'math', 'form', 'input', 'object', 'embed'],
    ALLOW_DATA_ATTR: false,
    RETURN_TRUSTED_TYPE: false,
  }) as string;
}
