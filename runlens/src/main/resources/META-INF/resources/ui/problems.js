// What a refused request means for the person looking at the page: the API's own `detail`, and what to do.

import { h } from './dom.js';
import { ApiError } from './api.js';

/** A panel for an error; `signIn` is the form to offer when the credential was missing or refused. */
export function problemPanel(error, signIn) {
  if (error instanceof ApiError) {
    if (error.status === 401 || error.status === 403) {
      return h('section', { class: 'panel problem', 'aria-labelledby': 'problem-title' },
        h('h2', { id: 'problem-title' }, error.status === 401 ? 'Sign in to see executions' : 'Not allowed'),
        h('p', null, error.detail ?? ''),
        error.status === 401 ? signIn() : null);
    }
    if (error.status === 404) {
      return h('section', { class: 'panel problem', 'aria-labelledby': 'problem-title' },
        h('h2', { id: 'problem-title' }, 'Not found'),
        h('p', null, error.detail ?? 'No such execution in your organization.'),
        h('p', null, h('a', { href: '#/executions' }, 'Back to the executions')));
    }
    return h('section', { class: 'panel problem', 'aria-labelledby': 'problem-title' },
      h('h2', { id: 'problem-title' }, error.status === 503 ? 'Temporarily unavailable' : `The API answered ${error.status}`),
      h('p', null, error.detail ?? ''),
      error.retryAfter ? h('p', { class: 'muted' }, `Try again in ${error.retryAfter} s.`) : null);
  }
  return h('section', { class: 'panel problem', 'aria-labelledby': 'problem-title' },
    h('h2', { id: 'problem-title' }, 'Could not reach Runlens'),
    h('p', null, String(error?.message ?? error)));
}
