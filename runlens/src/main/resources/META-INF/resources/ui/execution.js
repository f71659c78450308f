// One execution: its row and Temporal run side by side, the trace as a timeline, failures with their stack
// traces, the payloads as the payload policy lets this caller see them, the run chain, and, while the run is
// open, live updates: each event on the stream triggers a conditional re-read of the details (a 304 when the
// event changed nothing the answer shows), so the page always shows the API's own view, never a local guess.

import { h, replace, announce, externalLink, hidden } from './dom.js';
import * as api from './api.js';
import { isApiKey, writeStreamCookie } from './credentials.js';
import { bytes, duration, millis, plural, shortId, time } from './format.js';
import { badge, label } from './status.js';
import { failure, payload } from './payload.js';
import { legend, timelineTable } from './timeline.js';
import { follow } from './live.js';
import { problemPanel } from './problems.js';

const POLL_EVERY_MS = 5000;
const REDRAW_EVERY_MS = 2000;
const LIVE_LOG_SIZE = 40;
// The platform writes its row's final status after Temporal closes the run: re-read it this often, this many times.
const ROW_SETTLE_EVERY_MS = 2000;
const ROW_SETTLE_TRIES = 15;

/** Renders the execution page into `main`; resolves to a cleanup function. */
export async function renderExecution(main, id, params, { signIn }) {
  const runId = params.get('run') ?? '';
  const page = new ExecutionPage(main, id, runId, signIn);
  await page.start();
  return () => page.stop();
}

class ExecutionPage {
  constructor(main, id, runId, signIn) {
    this.main = main;
    this.id = id;
    this.runId = runId;
    this.signIn = signIn;
    this.controller = new AbortController();
    this.expanded = new Set();
    this.liveLog = [];
    this.liveState = null;
    this.stopStream = null;
    this.pollTimer = null;
    this.redrawTimer = null;
    this.refreshing = null;
    this.refreshAgain = false;
    this.stopped = false;
    this.detailsEtag = null;
    this.rowEtag = null;
  }

  async start() {
    replace(this.main,
      h('p', { class: 'crumbs' }, h('a', { href: '#/executions' }, '← Executions')),
      h('div', { class: 'page-head' }, h('h1', { tabindex: '-1' }, 'Execution'),
        h('p', { class: 'lede' }, h('code', null, this.id))),
      h('p', { class: 'muted loading', 'aria-busy': 'true' }, 'Loading the execution…'));
    await this.refresh();
  }

  stop() {
    this.stopped = true;
    this.controller.abort();
    this.unfollow();
    clearInterval(this.redrawTimer);
    clearTimeout(this.settleTimer);
  }

  /** Reads the details and the row again; concurrent calls collapse into one more read after the current one. */
  async refresh() {
    if (this.refreshing) {
      this.refreshAgain = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      do {
        this.refreshAgain = false;
        await this.load();
      } while (this.refreshAgain && !this.stopped);
    })();
    try {
      await this.refreshing;
    } finally {
      this.refreshing = null;
    }
  }

  async load() {
    let details;
    let row;
    try {
      [details, row] = await Promise.all([
        api.details(this.id, this.runId, this.controller.signal),
        api.execution(this.id, this.controller.signal),
      ]);
    } catch (error) {
      if (error.name === 'AbortError' || this.stopped) return;
      // A credential that expired or was revoked meanwhile: stop asking, and offer the sign-in form.
      if (error.status === 401 || error.status === 403) {
        this.unfollow();
        clearInterval(this.redrawTimer);
        clearTimeout(this.settleTimer);
      }
      if (this.details && error.status !== 401 && error.status !== 403) {
        this.setLiveState('error', error.detail ?? error.message);
        return;
      }
      replace(this.main,
        h('p', { class: 'crumbs' }, h('a', { href: '#/executions' }, '← Executions')),
        problemPanel(error, this.signIn));
      return;
    }
    if (this.stopped) return;
    const changed = details.etag !== this.detailsEtag || row.etag !== this.rowEtag || !this.details;
    this.detailsEtag = details.etag;
    this.rowEtag = row.etag;
    const first = !this.details;
    this.details = details.body;
    this.row = row.body;
    if (changed) this.render();
    if (first) this.main.querySelector('h1')?.focus({ preventScroll: true });
    this.keepFollowing();
  }

  /** Follows the run while Temporal says it is running, and only the latest run or the one asked for. */
  keepFollowing() {
    const running = this.details.status === 'RUNNING';
    if (!running) {
      this.unfollow();
      clearInterval(this.redrawTimer);
      this.redrawTimer = null;
      this.setLiveState(this.details.sources?.temporal === 'ok' ? 'closed' : null);
      this.awaitRowSettled();
      return;
    }
    if (!this.redrawTimer) {
      // Open bars grow with the clock between events.
      this.redrawTimer = setInterval(() => {
        if (!document.hidden) this.renderTimeline();
      }, REDRAW_EVERY_MS);
    }
    if (this.stopStream || this.pollTimer) return;
    if (isApiKey()) {
      this.poll('API keys are accepted only in the Authorization header, which EventSource cannot send');
      return;
    }
    writeStreamCookie();
    this.stopStream = follow(this.id, {
      runId: this.details.run_id,
      after: this.details.history_length,
      onEvent: (name, data, eventId) => this.onStreamEvent(name, data, eventId),
      onEnd: (end) => this.onStreamEnd(end),
      onState: (state, detail) => this.onStreamState(state, detail),
    });
    this.setLiveState('connecting');
  }

  /**
   * Temporal has closed the run but the row may still say running until the platform records the outcome:
   * re-read a few times, so the page does not keep showing a status the platform is about to change.
   */
  awaitRowSettled() {
    const rowOpen = ['pending', 'running'].includes(this.row.status);
    if (!rowOpen || this.runId || this.details.sources?.temporal !== 'ok' || this.settleTimer) return;
    this.settleTries = (this.settleTries ?? 0) + 1;
    if (this.settleTries > ROW_SETTLE_TRIES) return;
    this.settleTimer = setTimeout(() => {
      this.settleTimer = null;
      this.refresh();
    }, ROW_SETTLE_EVERY_MS);
  }

  onStreamEvent(name, data, eventId) {
    if (name === 'timeline' && data) {
      this.liveLog.unshift({ id: eventId, type: data.type, at: data.timestamp, name: data.activity_type ?? data.workflow_type ?? data.signal_name ?? data.timer_id ?? data.update_name ?? '' });
      this.liveLog.length = Math.min(this.liveLog.length, LIVE_LOG_SIZE);
      announce(`New event: ${label(data.type)}`);
    }
    this.lastEventId = eventId;
    this.refresh();
  }

  onStreamEnd(end) {
    this.stopStream = null;
    announce(`The run closed: ${label(end?.status)}`);
    this.refresh();
  }

  onStreamState(state, detail) {
    if (state === 'failed') {
      this.stopStream = null;
      this.poll('the stream was refused (a credential EventSource cannot send, or too many open streams)');
      return;
    }
    if (state === 'reconnecting' && detail?.reason) {
      this.setLiveState('reconnecting', `the stream ended (${label(detail.reason)}); resuming after event ${detail.last_event_id}`);
      return;
    }
    this.setLiveState(state);
  }

  /** Without a stream, re-reads every few seconds (conditional GETs: unchanged answers are 304s). */
  poll(reason) {
    this.setLiveState('polling', reason);
    this.pollTimer = setInterval(() => {
      if (!document.hidden) this.refresh();
    }, POLL_EVERY_MS);
  }

  unfollow() {
    if (this.stopStream) this.stopStream();
    this.stopStream = null;
    clearInterval(this.pollTimer);
    this.pollTimer = null;
  }

  setLiveState(state, detail) {
    this.liveState = state;
    this.liveDetail = detail ?? null;
    const element = this.main.querySelector('#live-state');
    if (element) replace(element, liveIndicator(state, detail));
  }

  render() {
    const d = this.details;
    const row = this.row;
    const focusedId = document.activeElement?.id;
    document.title = `${row.workflow_id ?? d.workflow_type} · Runlens`;
    replace(this.main,
      h('p', { class: 'crumbs' }, h('a', { href: '#/executions' }, '← Executions')),
      h('div', { class: 'page-head execution-head' },
        h('div', null,
          h('h1', { tabindex: '-1' }, row.workflow_id ?? d.workflow_type ?? 'Execution', ' ', badge(d.execution_status ?? row.status, 'badge-large')),
          h('p', { class: 'lede' },
            h('span', null, d.workflow_type ?? ''),
            d.workflow_type ? ' · ' : '',
            h('code', { title: 'Execution id' }, this.row.id))),
        h('div', { id: 'live-state', class: 'live-state', role: 'status' }, liveIndicator(this.liveState, this.liveDetail))),
      sourcesNotice(d),
      summary(d, row),
      failureSection(d, row),
      h('section', { class: 'panel', 'aria-labelledby': 'timeline-title' },
        h('div', { class: 'section-head' }, h('h2', { id: 'timeline-title' }, 'Timeline'), legend()),
        h('div', { id: 'timeline' }, timelineTable(d, { now: Date.now(), expanded: this.expanded }))),
      taskProblems(d),
      payloads(d),
      runChain(d, this.id),
      this.liveLog.length ? liveLogSection(this.liveLog) : null);
    if (focusedId) document.getElementById(focusedId)?.focus({ preventScroll: true });
  }

  renderTimeline() {
    const container = this.main.querySelector('#timeline');
    if (!container || !this.details) return;
    const focusedId = container.contains(document.activeElement) ? document.activeElement.id : null;
    replace(container, timelineTable(this.details, { now: Date.now(), expanded: this.expanded }));
    const age = this.main.querySelector('#running-for');
    if (age) age.textContent = runningFor(this.details);
    if (focusedId) document.getElementById(focusedId)?.focus({ preventScroll: true });
  }
}

function liveIndicator(state, detail) {
  const states = {
    connecting: ['live-connecting', 'Connecting to live updates…'],
    live: ['live-on', 'Live: following the run'],
    reconnecting: ['live-connecting', 'Reconnecting…'],
    polling: ['live-polling', `Refreshing every ${POLL_EVERY_MS / 1000} s`],
    closed: ['live-off', 'Run closed'],
    error: ['live-error', 'Could not refresh'],
  };
  if (!state || !states[state]) return null;
  const [className, text] = states[state];
  return h('span', { class: `live ${className}` },
    h('span', { class: 'live-dot', 'aria-hidden': 'true' }), text,
    detail ? h('span', { class: 'live-detail' }, ` (${detail})`) : null);
}

/** A running execution's age by this browser's clock (the API's duration stops at the latest event). */
function runningFor(d) {
  const start = millis(d.start_time);
  return start === null ? '–' : duration(Date.now() - start);
}

function sourcesNotice(d) {
  const temporal = d.sources?.temporal;
  if (!temporal || temporal === 'ok') return null;
  const text = temporal === 'not_found'
    ? 'Temporal has no run of this execution yet (or it is past retention): the page shows the platform’s row only.'
    : 'Temporal did not answer in time: the page shows the platform’s row only.';
  return h('p', { class: 'notice notice-warning', role: 'note' }, text,
    d.sources.temporal_detail ? h('span', { class: 'muted' }, ` ${d.sources.temporal_detail}.`) : null);
}

function summary(d, row) {
  const facts = [];
  const fact = (term, value) => {
    if (value === null || value === undefined || value === '') return;
    facts.push(h('div', { class: 'fact' }, h('dt', null, term), h('dd', null, value)));
  };
  const running = d.status === 'RUNNING';
  fact('Temporal status', d.sources?.temporal === 'ok' ? badge(d.status) : null);
  fact('Started', time(d.start_time ?? row.started_at));
  if (!running) fact('Closed', time(d.close_time ?? row.completed_at ?? row.cancelled_at));
  if (running) fact('Running for', h('span', { id: 'running-for' }, runningFor(d)));
  else fact('Duration', d.start_time ? duration(d.execution_duration_ms) : null);
  fact('Workflow id', h('code', null, d.workflow_id));
  fact('Run id', d.run_id ? h('code', { title: d.run_id }, d.run_id) : null);
  fact('Task queue', d.task_queue);
  fact('Namespace', d.namespace);
  fact('History', d.history_length ? `${plural(d.history_length, 'event')}, ${bytes(d.history_size_bytes)}` : null);
  fact('Attempt', d.attempt > 1 ? String(d.attempt) : null);
  fact('Created', time(row.created_at));
  fact('User', row.user_id);
  fact('Session', row.session_id);
  fact('Queue', row.queue_name);
  fact('Batch', row.batch_id);
  fact('Deployment', row.deployment_id);
  fact('Step', row.step_key);
  fact('Parent', row.parent_execution_id
    ? h('a', { href: `#/executions/${encodeURIComponent(row.parent_execution_id)}` }, shortId(row.parent_execution_id)) : null);
  fact('Root', row.root_execution_id && row.root_execution_id !== row.parent_execution_id
    ? h('a', { href: `#/executions/${encodeURIComponent(row.root_execution_id)}` }, shortId(row.root_execution_id)) : null);
  fact('Cancelled by', row.cancelled_by);
  fact('Retries', row.retry_count ? String(row.retry_count) : null);
  return h('section', { class: 'panel', 'aria-labelledby': 'summary-title' },
    h('div', { class: 'section-head' }, h('h2', { id: 'summary-title' }, 'Summary'),
      d.temporal_web_url ? h('span', { class: 'external' }, externalLink(d.temporal_web_url, 'Open in Temporal UI ↗')) : null),
    h('dl', { class: 'summary' }, facts));
}

function failureSection(d, row) {
  if (!d.failure && !row.error) return null;
  return h('section', { class: 'panel panel-failure', 'aria-labelledby': 'failure-title' },
    h('h2', { id: 'failure-title' }, 'Failure'),
    d.failure ? failure(d.failure, { open: true }) : h('p', { class: 'failure-message' }, row.error));
}

function taskProblems(d) {
  const problems = d.trace?.workflow_task_problems ?? [];
  if (problems.length === 0) return null;
  return h('section', { class: 'panel panel-failure', 'aria-labelledby': 'task-problems-title' },
    h('h2', { id: 'task-problems-title' }, 'Workflow task problems'),
    h('p', { class: 'muted' }, 'A worker could not make progress on these workflow tasks.'),
    h('ul', { class: 'plain' }, problems.map((problem) => h('li', null,
      h('p', null, badge(problem.kind), ' ', time(problem.time), ' · event ', String(problem.event_id),
        problem.cause ? ` · ${label(problem.cause)}` : '', problem.identity ? ` · ${problem.identity}` : ''),
      failure(problem.failure)))));
}

function payloads(d) {
  return h('section', { class: 'panel', 'aria-labelledby': 'payloads-title' },
    h('h2', { id: 'payloads-title' }, 'Input and result'),
    h('div', { class: 'payloads' },
      h('div', null, h('h3', null, 'Input'), payload(d.input, 'Workflow input')),
      h('div', null, h('h3', null, 'Result'), payload(d.result, 'Workflow result'))));
}

function runChain(d, executionId) {
  const runs = d.runs ?? [];
  if (runs.length === 0) return null;
  const base = `#/executions/${encodeURIComponent(executionId)}`;
  const latest = runs[runs.length - 1];
  return h('section', { class: 'panel', 'aria-labelledby': 'runs-title' },
    h('h2', { id: 'runs-title' }, 'Runs', ' ', h('span', { class: 'count' }, String(runs.length))),
    h('p', { class: 'muted' }, runs.length > 1
      ? 'This execution spans several Temporal runs (continue-as-new, retries or cron), oldest first.'
      : 'One Temporal run.'),
    h('div', { class: 'table-scroll' },
      h('table', { class: 'runs' },
        h('caption', { class: 'visually-hidden' }, 'Runs of the execution, oldest first'),
        h('thead', null, h('tr', null,
          h('th', { scope: 'col' }, 'Run'),
          h('th', { scope: 'col' }, 'Status'),
          h('th', { scope: 'col' }, 'Started'),
          h('th', { scope: 'col' }, 'Closed'),
          h('th', { scope: 'col', class: 'num' }, 'Duration'))),
        h('tbody', null, runs.map((run, index) => h('tr', { class: run.shown ? 'current' : '', 'aria-current': run.shown ? 'true' : null },
          h('th', { scope: 'row' },
            run.shown
              ? h('span', null, h('code', { title: run.run_id }, shortId(run.run_id, 13)), ' ', h('span', { class: 'shown-tag' }, 'shown'))
              : h('a', { href: run === latest ? base : `${base}?run=${encodeURIComponent(run.run_id)}` },
                h('code', { title: run.run_id }, shortId(run.run_id, 13)), hidden(` run ${index + 1}`))),
          h('td', null, badge(run.status)),
          h('td', null, time(run.start_time)),
          h('td', null, time(run.close_time)),
          h('td', { class: 'num' }, run.close_time ? duration(millis(run.close_time) - millis(run.start_time)) : '–')))))));
}

function liveLogSection(log) {
  return h('section', { class: 'panel', 'aria-labelledby': 'live-log-title' },
    h('h2', { id: 'live-log-title' }, 'Received live'),
    h('ol', { class: 'live-log' }, log.map((entry) => h('li', null,
      h('span', { class: 'event-id' }, `#${entry.id}`),
      h('span', { class: 'event-type' }, label(entry.type)),
      h('span', { class: 'event-name' }, entry.name ?? ''),
      time(entry.at)))));
}
