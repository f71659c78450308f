// Times and durations as people read them; the exact RFC 3339 value stays in each <time>'s datetime and title.

import { h } from './dom.js';

const DAY = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
const CLOCK = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
});

/** Milliseconds since the epoch, or null for a missing or unreadable time. */
export function millis(iso) {
  if (!iso) return null;
  const value = Date.parse(iso);
  return Number.isNaN(value) ? null : value;
}

/** A <time> element: the clock for today, the day and the clock otherwise; an en dash when there is no time. */
export function time(iso) {
  const at = millis(iso);
  if (at === null) return h('span', { class: 'muted' }, '–');
  const date = new Date(at);
  const today = DAY.format(date) === DAY.format(new Date());
  const text = today ? CLOCK.format(date) : `${DAY.format(date)} ${CLOCK.format(date)}`;
  return h('time', { datetime: iso, title: iso }, text);
}

/** A duration: "11 ms", "4.1 s", "2 min 05 s", "3 h 04 min", "2 d 5 h". */
export function duration(ms) {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return '–';
  if (ms < 0) ms = 0;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds < 10 && !Number.isInteger(seconds) ? seconds.toFixed(1) : Math.round(seconds)} s`;
  const totalSeconds = Math.round(seconds);
  const minutes = Math.floor(totalSeconds / 60);
  if (minutes < 60) return `${minutes} min ${String(totalSeconds % 60).padStart(2, '0')} s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${String(minutes % 60).padStart(2, '0')} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** The duration between two times, up to now when the second is missing and `open` is true. */
export function between(startIso, endIso, open = false) {
  const start = millis(startIso);
  const end = millis(endIso) ?? (open ? Date.now() : null);
  return start === null || end === null ? null : end - start;
}

/** Long ids stay whole in the title and the copy; the text shows their first characters. */
export function shortId(id, length = 8) {
  if (!id) return '–';
  return id.length > length + 1 ? `${id.slice(0, length)}…` : id;
}

/** "1 event", "3 events". */
export function plural(count, noun) {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** Byte counts: "5.4 KB". */
export function bytes(count) {
  if (count === null || count === undefined) return '–';
  if (count < 1024) return `${count} B`;
  if (count < 1024 * 1024) return `${(count / 1024).toFixed(1)} KB`;
  return `${(count / 1024 / 1024).toFixed(1)} MB`;
}
