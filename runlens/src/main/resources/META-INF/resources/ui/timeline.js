// The run's trace drawn as bars over time: one row per activity, local activity, child workflow, timer, signal
// and update, in the order they began. A bar's light part is the wait (scheduled, not yet started: a retry
// waiting for its next attempt, or a task queue without a worker), its solid part the work; a bar still open
// runs to now, striped. The rows form a table, so a screen reader reads the same facts the bars show.

import { h, hidden } from './dom.js';
import { duration, millis, time } from './format.js';
import { badge, isOpen, label, tone } from './status.js';
import { failure, payload } from './payload.js';

const KIND_NAMES = {
  activity: 'Activity',
  local: 'Local activity',
  child: 'Child workflow',
  timer: 'Timer',
  signal: 'Signal',
  update: 'Update',
};

/** The trace's parts as rows with times in milliseconds (null where the trace has none). */
export function timelineRows(trace) {
  const rows = [];
  for (const activity of trace?.activities ?? []) {
    const pending = activity.pending ?? null;
    const retrying = pending !== null && (pending.last_failure ?? null) !== null && activity.status === 'scheduled';
    rows.push({
      kind: 'activity',
      key: `activity-${activity.scheduled_event_id ?? activity.activity_id}`,
      name: activity.activity_type,
      summary: textOf(activity.summary),
      status: retrying ? 'retrying' : activity.status,
      attempt: activity.attempt ?? pending?.attempt ?? 1,
      maximumAttempts: pending?.maximum_attempts ?? null,
      start: millis(activity.scheduled_time),
      started: millis(activity.started_time ?? pending?.last_started_time),
      end: millis(activity.completed_time),
      eventId: activity.scheduled_event_id,
      source: activity,
    });
  }
  for (const local of trace?.local_activities ?? []) {
    rows.push({
      kind: 'local',
      key: `local-${local.event_id}`,
      name: local.activity_type,
      summary: textOf(local.summary),
      status: local.status,
      attempt: local.attempt ?? 1,
      start: millis(local.recorded_time),
      point: true,
      eventId: local.event_id,
      source: local,
    });
  }
  for (const child of trace?.child_workflows ?? []) {
    rows.push({
      kind: 'child',
      key: `child-${child.initiated_event_id}`,
      name: child.workflow_type,
      summary: textOf(child.summary),
      status: child.status,
      start: millis(child.initiated_time),
      started: millis(child.started_time),
      end: millis(child.closed_time),
      eventId: child.initiated_event_id,
      source: child,
    });
  }
  for (const timer of trace?.timers ?? []) {
    const start = millis(timer.started_time);
    rows.push({
      kind: 'timer',
      key: `timer-${timer.started_event_id}`,
      name: timer.start_to_fire_timeout_ms != null ? `Sleep ${duration(timer.start_to_fire_timeout_ms)}` : 'Timer',
      status: timer.status,
      start,
      started: start,
      end: millis(timer.fired_time),
      planned: start !== null && timer.start_to_fire_timeout_ms != null ? start + timer.start_to_fire_timeout_ms : null,
      cancelled: timer.status === 'cancelled',
      eventId: timer.started_event_id,
      source: timer,
    });
  }
  for (const signal of trace?.signals ?? []) {
    rows.push({
      kind: 'signal',
      key: `signal-${signal.event_id}`,
      name: signal.signal_name,
      status: 'received',
      start: millis(signal.time),
      point: true,
      eventId: signal.event_id,
      source: signal,
    });
  }
  for (const update of trace?.updates ?? []) {
    const start = millis(update.accepted_time);
    rows.push({
      kind: 'update',
      key: `update-${update.accepted_event_id}`,
      name: update.name,
      status: update.status,
      start,
      started: start,
      end: millis(update.completed_time),
      eventId: update.accepted_event_id,
      source: update,
    });
  }
  return rows.sort((a, b) => (a.start ?? Infinity) - (b.start ?? Infinity) || (a.eventId ?? 0) - (b.eventId ?? 0));
}

/** The time span the axis shows: the run's start to its close (or now), widened to hold every row. */
export function axisRange(details, rows, now) {
  const starts = rows.map((row) => row.start).filter((t) => t !== null);
  const ends = rows.flatMap((row) => [row.end, row.planned, row.start]).filter((t) => t !== null && t !== undefined);
  const from = millis(details.start_time) ?? Math.min(...starts, now);
  let to = millis(details.close_time) ?? now;
  to = Math.max(to, ...ends);
  return { from, to: Math.max(to, from + 1) };
}

/** Ticks at a round step (1, 2 or 5 times a power of ten ms), about six of them. */
export function ticks({ from, to }) {
  const span = to - from;
  const raw = span / 6;
  const power = 10 ** Math.floor(Math.log10(Math.max(raw, 1)));
  const units = [1, 2, 5, 10].map((m) => m * power);
  // Seconds, minutes and hours read better than 10^n ms once past a second.
  const human = [1000, 2000, 5000, 10000, 15000, 30000, 60000, 120000, 300000, 600000, 900000, 1800000, 3600000];
  const step = raw >= 1000 ? human.find((s) => s >= raw) ?? 3600000 * Math.ceil(raw / 3600000) : units.find((s) => s >= raw);
  const result = [];
  for (let t = 0; t <= span + 1; t += step) result.push(t);
  return result;
}

/** The timeline section's table for a run's trace; `now` closes open bars, `expanded` keeps rows open across redraws. */
export function timelineTable(details, { now, expanded }) {
  const rows = timelineRows(details.trace);
  if (rows.length === 0) {
    return h('p', { class: 'muted empty' },
      details.sources?.temporal === 'ok' ? 'No activities, child workflows, timers or signals yet.' : 'No Temporal history to draw.');
  }
  // Once the run has closed nothing in it runs on: what the history left open ends at the close.
  const closedAt = millis(details.close_time);
  if (closedAt !== null) now = closedAt;
  const range = axisRange(details, rows, now);
  const position = (t) => ((t - range.from) / (range.to - range.from)) * 100;
  const body = h('tbody', null);
  rows.forEach((row, index) => {
    const detailId = `timeline-detail-${index}`;
    const open = expanded.has(row.key);
    const toggle = h('button', {
      type: 'button',
      id: `toggle-${row.key}`,
      class: 'disclosure',
      'aria-expanded': String(open),
      'aria-controls': detailId,
    }, h('span', { class: 'chevron', 'aria-hidden': 'true' }), h('span', { class: 'step-name' }, row.name ?? '–'),
    row.summary ? h('span', { class: 'step-summary' }, row.summary) : null);
    const detailRow = h('tr', { class: 'detail-row', id: detailId, hidden: !open },
      h('td', { colspan: '6' }, stepDetails(row)));
    toggle.addEventListener('click', () => {
      const nowOpen = toggle.getAttribute('aria-expanded') !== 'true';
      toggle.setAttribute('aria-expanded', String(nowOpen));
      detailRow.hidden = !nowOpen;
      if (nowOpen) expanded.add(row.key);
      else expanded.delete(row.key);
    });
    body.append(
      h('tr', { class: `timeline-row kind-${row.kind}`, dataset: { kind: row.kind, status: row.status } },
        h('td', { class: 'kind' }, h('span', { class: `kind-dot kind-${row.kind}`, 'aria-hidden': 'true' }), KIND_NAMES[row.kind]),
        h('th', { scope: 'row', class: 'name' }, toggle, retryNote(row)),
        h('td', { class: 'status' }, badge(row.status)),
        h('td', { class: 'attempts num' }, attempts(row)),
        h('td', { class: 'bar-cell' }, bar(row, range, position, now, closedAt !== null)),
        h('td', { class: 'duration num' }, rowDuration(row, now, closedAt !== null))),
      detailRow);
  });
  return h('div', { class: 'table-scroll' },
    h('table', { class: 'timeline', 'aria-describedby': 'timeline-legend' },
      h('caption', { class: 'visually-hidden' }, 'Activities, local activities, child workflows, timers, signals and updates of the run, in the order they began'),
      h('colgroup', null,
        h('col', { class: 'col-kind' }), h('col', { class: 'col-name' }), h('col', { class: 'col-status' }),
        h('col', { class: 'col-attempts' }), h('col', { class: 'col-bar' }), h('col', { class: 'col-duration' })),
      h('thead', null, h('tr', null,
        h('th', { scope: 'col' }, 'Kind'),
        h('th', { scope: 'col' }, 'Name'),
        h('th', { scope: 'col' }, 'Status'),
        h('th', { scope: 'col', class: 'num' }, 'Attempt'),
        h('th', { scope: 'col', class: 'axis-cell' }, hidden('Time since the run started'), axis(range, position)),
        h('th', { scope: 'col', class: 'num' }, 'Duration'))),
      body));
}

/** The legend of the bars, referenced by the table. */
export function legend() {
  return h('ul', { class: 'legend', id: 'timeline-legend', 'aria-label': 'Legend' },
    h('li', null, h('span', { class: 'swatch swatch-wait', 'aria-hidden': 'true' }), 'Waiting (scheduled, or between retries)'),
    h('li', null, h('span', { class: 'swatch swatch-run', 'aria-hidden': 'true' }), 'Running'),
    h('li', null, h('span', { class: 'swatch swatch-open', 'aria-hidden': 'true' }), 'Still open'),
    h('li', null, h('span', { class: 'swatch swatch-point', 'aria-hidden': 'true' }), 'Instant (local activity, signal)'));
}

function axis(range, position) {
  const axisElement = h('div', { class: 'axis', 'aria-hidden': 'true' });
  for (const offset of ticks(range)) {
    const at = position(range.from + offset);
    const tick = h('span', { class: `tick${at > 88 ? ' tick-end' : ''}` }, tickLabel(offset));
    tick.style.left = `${at}%`;
    axisElement.append(tick);
  }
  return axisElement;
}

/** A tick's offset from the run's start, short: "0", "250 ms", "30 s", "1 min 30 s", "2 h". */
function tickLabel(offset) {
  if (offset === 0) return '0';
  if (offset < 1000) return `${offset} ms`;
  if (offset < 60000) return `${offset / 1000} s`;
  const minutes = Math.floor(offset / 60000);
  const seconds = Math.round((offset % 60000) / 1000);
  if (minutes < 60) return seconds ? `${minutes} min ${seconds} s` : `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
}

function bar(row, range, position, now, runClosed) {
  const track = h('div', { class: 'track', role: 'img', 'aria-label': barLabel(row, range, now) });
  for (const offset of ticks(range)) {
    const grid = h('span', { class: 'grid' });
    grid.style.left = `${position(range.from + offset)}%`;
    track.append(grid);
  }
  if (row.start === null) return track;
  if (row.point) {
    const mark = h('span', { class: `mark kind-${row.kind} tone-${tone(row.status)}` });
    mark.style.left = `${position(row.start)}%`;
    track.append(mark);
    return track;
  }
  const leftOpen = row.end === null && !row.cancelled && isOpen(row.status);
  const stillOpen = leftOpen && !runClosed;
  const workFrom = row.started ?? null;
  const until = row.end ?? (leftOpen ? now : null);
  const waitUntil = workFrom ?? until ?? row.start;
  if (waitUntil > row.start) {
    track.append(segment('wait', row.start, waitUntil, position, stillOpen && workFrom === null));
  }
  if (workFrom !== null && until !== null) {
    const unfinished = leftOpen && runClosed ? ' unfinished' : '';
    track.append(segment(`run kind-${row.kind} status-${row.status}${unfinished}`, workFrom, until, position, stillOpen));
  }
  if (row.planned && stillOpen && row.planned > now) {
    track.append(segment('planned', now, row.planned, position, false));
  }
  if (row.cancelled && row.planned) {
    track.append(segment('planned', row.start, row.planned, position, false));
  }
  return track;
}

function segment(kind, from, to, position, open) {
  const element = h('span', { class: `seg ${kind}${open ? ' open' : ''}` });
  element.style.left = `${position(from)}%`;
  element.style.width = `${Math.max(position(to) - position(from), 0)}%`;
  return element;
}

function barLabel(row, range, now) {
  const at = (t) => duration(t - range.from);
  if (row.start === null) return 'no time recorded';
  if (row.point) return `at ${at(row.start)}`;
  const parts = [`scheduled at ${at(row.start)}`];
  if (row.started !== null && row.started !== undefined) parts.push(`started at ${at(row.started)}`);
  if (row.end !== null && row.end !== undefined) parts.push(`closed at ${at(row.end)}`);
  else if (isOpen(row.status)) parts.push(`open at ${at(now)}`);
  return parts.join(', ');
}

function attempts(row) {
  if (row.attempt === undefined || row.attempt === null) return '–';
  const text = row.maximumAttempts ? `${row.attempt} of ${row.maximumAttempts}` : String(row.attempt);
  return row.attempt > 1 ? h('span', { class: 'retries', title: `${row.attempt - 1} retried` }, text) : text;
}

function retryNote(row) {
  const lastFailure = row.source?.pending?.last_failure;
  if (!lastFailure || !isOpen(row.source.status)) return null;
  const text = `Attempt ${row.source.pending.attempt - 1} failed: ${lastFailure.message ?? lastFailure.type ?? 'unknown'}`;
  return h('span', { class: 'retry-note', title: text }, text);
}

function rowDuration(row, now, runClosed) {
  if (row.point || row.start === null) return '–';
  const from = row.started ?? row.start;
  if (row.end !== null && row.end !== undefined) return duration(row.end - from);
  if (isOpen(row.status) && runClosed) return h('span', { class: 'muted', title: 'The run closed while this was open' }, 'unfinished');
  if (isOpen(row.status)) return h('span', { class: 'open-duration' }, `${duration(now - from)}+`);
  return '–';
}

function textOf(summary) {
  if (summary === null || summary === undefined) return null;
  return typeof summary === 'string' ? summary : null;
}

function stepDetails(row) {
  const s = row.source;
  const facts = [];
  const fact = (term, value) => {
    if (value === null || value === undefined || value === '') return;
    facts.push(h('div', null, h('dt', null, term), h('dd', null, value)));
  };
  switch (row.kind) {
    case 'activity':
      fact('Activity id', h('code', null, s.activity_id));
      fact('Task queue', s.task_queue);
      fact('Scheduled', time(s.scheduled_time));
      fact('Started', s.started_time ? time(s.started_time) : null);
      fact('Closed', s.completed_time ? time(s.completed_time) : null);
      fact('Worker', s.worker_identity);
      if (s.pending) {
        fact('Pending state', label(s.pending.state));
        fact('Next attempt', s.pending.next_attempt_schedule_time ? time(s.pending.next_attempt_schedule_time) : null);
        fact('Last heartbeat', s.pending.last_heartbeat_time ? time(s.pending.last_heartbeat_time) : null);
        fact('Gives up at', s.pending.expiration_time ? time(s.pending.expiration_time) : null);
      }
      break;
    case 'local':
      fact('Activity id', h('code', null, s.activity_id));
      fact('Recorded', time(s.recorded_time));
      fact('Event', s.event_id);
      break;
    case 'child':
      fact('Workflow id', h('a', { href: `#/executions/${encodeURIComponent(s.workflow_id)}` }, s.workflow_id));
      fact('Run id', s.run_id ? h('code', null, s.run_id) : null);
      fact('Namespace', s.namespace);
      fact('Initiated', time(s.initiated_time));
      fact('Started', s.started_time ? time(s.started_time) : null);
      fact('Closed', s.closed_time ? time(s.closed_time) : null);
      break;
    case 'timer':
      fact('Timer id', h('code', null, s.timer_id));
      fact('Started', time(s.started_time));
      fact('Fired', s.fired_time ? time(s.fired_time) : null);
      fact('Fires after', s.start_to_fire_timeout_ms != null ? duration(s.start_to_fire_timeout_ms) : null);
      break;
    case 'signal':
      fact('Received', time(s.time));
      fact('Sent by', s.identity);
      fact('Event', s.event_id);
      break;
    case 'update':
      fact('Update id', h('code', null, s.update_id));
      fact('Accepted', time(s.accepted_time));
      fact('Completed', s.completed_time ? time(s.completed_time) : null);
      break;
    default:
      break;
  }
  const blocks = [h('dl', { class: 'facts' }, facts)];
  const lastFailure = s.pending?.last_failure;
  const ownFailure = s.failure ?? null;
  if (ownFailure) blocks.push(h('h4', null, 'Failure'), failure(ownFailure, { open: true }));
  else if (row.kind === 'activity' && s.failure_message) blocks.push(h('h4', null, 'Failure'), h('p', null, s.failure_message));
  if (lastFailure) blocks.push(h('h4', null, `Last failure (attempt ${Math.max((s.pending.attempt ?? 2) - 1, 1)})`), failure(lastFailure));
  if (s.pending?.heartbeat_details !== undefined) blocks.push(h('h4', null, 'Heartbeat details'), payload(s.pending.heartbeat_details, 'Heartbeat details'));
  if ('input' in s) blocks.push(h('h4', null, 'Input'), payload(s.input, `${row.name} input`));
  if ('result' in s && !(row.kind === 'activity' && s.result === null && isOpen(s.status))) {
    blocks.push(h('h4', null, 'Result'), payload(s.result, `${row.name} result`));
  }
  return h('div', { class: 'step-details' }, blocks);
}
