// Payloads as the API serves them: already decoded and redacted by the payload policy. The viewer only shows
// them; a payload the codec could not decode arrives as a marker, shown as a notice rather than as JSON.

import { h } from './dom.js';

/** True for the API's `{"undecodable": true, "encoding": ..., "reason": ...}` marker. */
function undecodable(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && value.undecodable === true;
}

/** A payload block: pretty JSON, a notice for an undecodable payload, or a dash for none. */
export function payload(value, label) {
  if (value === null || value === undefined) {
    return h('p', { class: 'muted payload-none' }, 'None');
  }
  if (undecodable(value)) {
    return h('p', { class: 'notice notice-warning' },
      `Not decoded (${value.encoding ?? 'unknown encoding'}): ${value.reason ?? 'no codec server could read it'}`);
  }
  if (typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0) {
    return h('p', { class: 'muted payload-none' }, 'Empty (or left out by the payload policy)');
  }
  return h('pre', { class: 'payload', tabindex: '0', 'aria-label': label },
    h('code', null, JSON.stringify(value, null, 2)));
}

/** A failure: message, type and source, its causes, and each stack trace behind a disclosure. */
export function failure(info, { open = false } = {}) {
  if (!info) return null;
  const chain = [info, ...(info.causes ?? [])];
  return h('div', { class: 'failure' },
    chain.map((cause, index) => h('div', { class: 'failure-cause' },
      h('p', { class: 'failure-message' },
        index > 0 ? h('span', { class: 'failure-caused' }, 'Caused by ') : null,
        h('strong', null, cause.type ?? 'Failure'),
        cause.message ? `: ${cause.message}` : ''),
      meta(cause),
      cause.stack_trace
        ? h('details', { class: 'stack', open: open && index === chain.length - 1 },
          h('summary', null, 'Stack trace'),
          h('pre', { tabindex: '0' }, h('code', null, cause.stack_trace)))
        : null,
      cause.details !== undefined && cause.details !== null
        ? h('details', { class: 'stack' }, h('summary', null, 'Details'), payload(cause.details, 'Failure details'))
        : null)));
}

function meta(cause) {
  const parts = [];
  if (cause.source) parts.push(`source ${cause.source}`);
  if (cause.non_retryable) parts.push('non-retryable');
  if (cause.timeout_type) parts.push(`timeout ${cause.timeout_type}`);
  return parts.length ? h('p', { class: 'failure-meta muted' }, parts.join(' · ')) : null;
}
