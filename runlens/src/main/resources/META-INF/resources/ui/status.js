// One badge for every status word the API uses (the row's, Temporal's, and each trace part's), so a word
// always has the same colour; the word itself is always shown, colour only repeats it.

import { h } from './dom.js';

const TONES = {
  ok: ['completed', 'fired'],
  bad: ['failed', 'timed_out', 'terminated', 'start_failed'],
  active: ['running', 'started', 'scheduled', 'initiated', 'accepted'],
  waiting: ['pending', 'retrying', 'cancel_requested'],
  neutral: ['cancelled', 'canceled', 'continued_as_new', 'skipped', 'unknown'],
};

const TONE_OF = new Map(Object.entries(TONES).flatMap(([tone, words]) => words.map((word) => [word, tone])));

/** The tone of a status word (any case): ok, bad, active, waiting or neutral. */
export function tone(status) {
  return TONE_OF.get(String(status ?? 'unknown').toLowerCase()) ?? 'neutral';
}

/** The word as people read it: "timed out", "continued as new". */
export function label(status) {
  return String(status ?? 'unknown').toLowerCase().replaceAll('_', ' ');
}

/** A badge: the status word on its tone. */
export function badge(status, extraClass = '') {
  return h('span', { class: `badge tone-${tone(status)} ${extraClass}`.trim() }, label(status));
}

/** True for words that say the run or step is still going. */
export function isOpen(status) {
  const word = String(status ?? '').toLowerCase();
  return ['running', 'started', 'scheduled', 'initiated', 'accepted', 'pending', 'cancel_requested'].includes(word);
}
