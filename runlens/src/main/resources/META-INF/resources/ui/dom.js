// Building the page from data without HTML strings: every value from the API becomes a text node or an
// attribute, never markup, so nothing an execution carries can run as script (the CSP also requires it).

/** An element with attributes (`class`, `on<event>` handlers, booleans, `dataset`) and children (nodes or text). */
export function h(tag, attributes, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') element.className = value;
    else if (name === 'dataset') Object.assign(element.dataset, value);
    else if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, String(value));
  }
  append(element, children);
  return element;
}

/** Appends nodes and text (arrays flattened; null, undefined and false skipped). */
export function append(parent, children) {
  for (const child of [children].flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    parent.append(child instanceof Node ? child : String(child));
  }
  return parent;
}

/** Replaces an element's children. */
export function replace(parent, ...children) {
  parent.replaceChildren();
  return append(parent, children);
}

/** A link only for http(s) addresses: a configured URL that is anything else is shown as text. */
export function externalLink(url, text) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return text;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return text;
  return h('a', { href: parsed.href, target: '_blank', rel: 'noopener noreferrer' }, text);
}

/** Tells screen readers what just changed, without moving focus. */
export function announce(message) {
  const announcer = document.getElementById('announcer');
  if (announcer) announcer.textContent = message;
}

/** A visually hidden text for screen readers (e.g. what a colour or a bar shows). */
export function hidden(text) {
  return h('span', { class: 'visually-hidden' }, text);
}
