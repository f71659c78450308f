// Live updates of a running execution through the API's Server-Sent Events stream. EventSource sends the
// same-origin `polos_auth` cookie (the platform's, or the one credentials.js writes for a pasted JWT) and, when
// it reconnects, Last-Event-ID, so the stream resumes exactly after the last event the page saw.

import { streamUrl } from './api.js';

/**
 * Follows the run: `onEvent(name, data, id)` for each `timeline` and `history_event`, `onEnd(data)` once the run
 * closed, `onState(state, detail)` as the connection opens ('live'), drops ('reconnecting') or gives up
 * ('failed': the server refused it, e.g. no credential, or too many open streams). Returns `stop()`.
 */
export function follow(executionId, { runId, after, onEvent, onEnd, onState }) {
  const source = new EventSource(streamUrl(executionId, runId, after));
  let ended = false;
  const parse = (message) => {
    try {
      return JSON.parse(message.data);
    } catch {
      return null;
    }
  };
  source.addEventListener('open', () => onState('live'));
  source.addEventListener('status', (message) => onState('live', parse(message)));
  for (const name of ['timeline', 'history_event']) {
    source.addEventListener(name, (message) => onEvent(name, parse(message), message.lastEventId));
  }
  source.addEventListener('end', (message) => {
    // Left open, EventSource would reconnect to the closed run and get its `end` again.
    ended = true;
    source.close();
    onEnd(parse(message));
  });
  source.addEventListener('reconnect', (message) => onState('reconnecting', parse(message)));
  source.addEventListener('problem', (message) => onState('reconnecting', parse(message)));
  source.addEventListener('error', () => {
    if (ended) return;
    onState(source.readyState === EventSource.CLOSED ? 'failed' : 'reconnecting');
  });
  return () => {
    ended = true;
    source.close();
  };
}
