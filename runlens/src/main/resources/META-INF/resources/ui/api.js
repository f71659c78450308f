// The public API, as any dashboard calls it: same origin, the caller's credential, conditional GETs.

import { authorization } from './credentials.js';

const BASE = '/api/v1';

/** A refused request: its status, the problem's `detail`, and Retry-After in seconds when the server sent one. */
export class ApiError extends Error {
  constructor(status, detail, retryAfter) {
    super(detail || `HTTP ${status}`);
    this.status = status;
    this.detail = detail;
    this.retryAfter = retryAfter;
  }
}

/** One page of the organization's executions, newest first. */
export function listExecutions({ status, limit, cursor }, signal) {
  const query = new URLSearchParams();
  if (limit) query.set('limit', limit);
  if (status) query.set('status', status);
  if (cursor) query.set('cursor', cursor);
  return get(`${BASE}/executions?${query}`, signal);
}

/** The execution's row (Polos ExecutionResponse). */
export function execution(id, signal) {
  return get(`${BASE}/executions/${encodeURIComponent(id)}`, signal);
}

/** The execution's details (row and Temporal run merged); `runId` picks another run of its chain. */
export function details(id, runId, signal) {
  const query = new URLSearchParams({ recent_events: '0' });
  if (runId) query.set('run_id', runId);
  return get(`${BASE}/executions/${encodeURIComponent(id)}/details?${query}`, signal);
}

/** The stream's address; `after` skips the events the page already shows. */
export function streamUrl(id, runId, after) {
  const query = new URLSearchParams();
  if (runId) query.set('run_id', runId);
  if (after) query.set('last_event_id', String(after));
  return `${BASE}/executions/${encodeURIComponent(id)}/stream?${query}`;
}

/**
 * GET with the browser's cache revalidating (the API answers `private, no-cache` with a strong ETag, so an
 * unchanged answer costs a 304); resolves to `{ body, etag }`.
 */
async function get(url, signal) {
  const response = await fetch(url, {
    headers: { Accept: 'application/json', ...authorization() },
    cache: 'no-cache',
    credentials: 'same-origin',
    signal,
  });
  if (!response.ok) {
    let detail;
    try {
      detail = (await response.json()).detail;
    } catch {
      detail = undefined;
    }
    throw new ApiError(response.status, detail, response.headers.get('Retry-After'));
  }
  return { body: await response.json(), etag: response.headers.get('ETag') };
}
