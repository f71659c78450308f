// The viewer's entry point: routes (the hash holds only what is on screen, never a credential), the sign-in
// form, and one page at a time, each cleaning up its requests, streams and timers when another replaces it.
//
//   #/executions?status=&limit=&cursor=   the organization's executions
//   #/executions/{id}?run={run_id}        one execution (a run of its chain)

import { h, replace } from './dom.js';
import * as credentials from './credentials.js';
import { renderList } from './list.js';
import { renderExecution } from './execution.js';

const main = document.getElementById('main');
let cleanup = () => {};
let navigation = 0;

function route() {
  const hash = location.hash.replace(/^#/, '') || '/executions';
  const [path, query = ''] = hash.split('?');
  const params = new URLSearchParams(query);
  const segments = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (segments[0] === 'executions' && segments.length === 2) return { page: 'execution', id: segments[1], params };
  return { page: 'list', params };
}

async function show() {
  const current = ++navigation;
  cleanup();
  cleanup = () => {};
  renderCredential();
  const target = route();
  const context = { signIn: signInForm };
  const previousFocusInMain = main.contains(document.activeElement);
  const done = target.page === 'execution'
    ? await renderExecution(main, target.id, target.params, context)
    : await renderList(main, target.params, context);
  if (current !== navigation) {
    done();
    return;
  }
  cleanup = done;
  if (target.page === 'list') {
    document.title = 'Executions · Runlens';
    // After navigation, keyboard and screen reader users start at the page's heading.
    if (previousFocusInMain || document.activeElement === document.body) main.querySelector('h1')?.focus({ preventScroll: true });
  }
}

/** The header's credential state: which credential is in use, and a way to drop a pasted one. */
function renderCredential() {
  const element = document.getElementById('credential');
  if (credentials.token()) {
    replace(element,
      h('span', { class: 'credential-state' },
        h('span', { class: 'live-dot live-on', 'aria-hidden': 'true' }),
        credentials.isApiKey() ? 'API key (this tab)' : 'Token (this tab)'),
      h('button', { type: 'button', class: 'button link', onclick: () => { credentials.signOut(); show(); } }, 'Sign out'));
  } else {
    replace(element, h('span', { class: 'credential-state muted' }, 'Session cookie'));
  }
}

/** The sign-in form shown where the API answered 401. */
function signInForm() {
  const input = h('input', {
    id: 'token',
    name: 'token',
    type: 'password',
    autocomplete: 'off',
    spellcheck: 'false',
    required: true,
    'aria-describedby': 'token-help',
  });
  return h('form', {
    class: 'sign-in',
    onsubmit: (event) => {
      event.preventDefault();
      credentials.signIn(input.value);
      show();
    },
  },
  h('label', { for: 'token' }, 'Bearer token or API key'),
  h('div', { class: 'sign-in-row' }, input, h('button', { type: 'submit', class: 'button primary' }, 'Sign in')),
  h('p', { id: 'token-help', class: 'muted' },
    'Kept in this browser tab only (sessionStorage) and sent in the Authorization header; the demo prints one as ',
    h('code', null, 'RUNLENS_TOKEN'), '. Where your platform sets the ', h('code', null, 'polos_auth'),
    ' cookie, you are signed in already.'));
}

credentials.writeStreamCookie();
window.addEventListener('hashchange', show);
show();
