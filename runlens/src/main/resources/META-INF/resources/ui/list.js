// The organization's executions, newest first: a status filter, pages of the API's keyset cursor, and one row
// per execution that opens its page. Arrow keys move between the rows' links; Enter opens one.

import { h, replace, announce } from './dom.js';
import { listExecutions } from './api.js';
import { between, duration, shortId, time } from './format.js';
import { badge } from './status.js';
import { problemPanel } from './problems.js';

export const STATUSES = ['pending', 'running', 'completed', 'failed', 'cancelled'];
const PAGE_SIZES = [10, 25, 50, 100];
const DEFAULT_LIMIT = 25;

// The cursor of the page before each page seen in this tab, so "Newer" works with the API's forward-only cursor.
const previousCursor = new Map();

/** The hash of a list view. */
export function listHash({ status, limit, cursor }) {
  const query = new URLSearchParams();
  if (status) query.set('status', status);
  if (limit && Number(limit) !== DEFAULT_LIMIT) query.set('limit', limit);
  if (cursor) query.set('cursor', cursor);
  const text = query.toString();
  return `#/executions${text ? `?${text}` : ''}`;
}

/** Renders the list into `main`; resolves to a cleanup function. */
export async function renderList(main, params, { signIn }) {
  const status = STATUSES.includes(params.get('status')) ? params.get('status') : '';
  const limit = PAGE_SIZES.includes(Number(params.get('limit'))) ? Number(params.get('limit')) : DEFAULT_LIMIT;
  const cursor = params.get('cursor') ?? '';
  const controller = new AbortController();

  const heading = h('h1', { tabindex: '-1' }, 'Executions');
  const results = h('div', { class: 'results', 'aria-busy': 'true' }, h('p', { class: 'muted loading' }, 'Loading executions…'));
  replace(main,
    h('div', { class: 'page-head' }, heading,
      h('p', { class: 'lede' }, 'Workflow and agent runs of your organization, newest first.')),
    filters({ status, limit }),
    results);

  try {
    const { body } = await listExecutions({ status, limit, cursor }, controller.signal);
    if (body.next_cursor) previousCursor.set(body.next_cursor, cursor);
    replace(results, table(body.items, { status }), pager({ status, limit, cursor, next: body.next_cursor, count: body.items.length }));
    results.setAttribute('aria-busy', 'false');
    announce(`${body.items.length} executions shown${status ? `, status ${status}` : ''}`);
  } catch (error) {
    if (error.name === 'AbortError') return () => {};
    replace(results, problemPanel(error, signIn));
    results.setAttribute('aria-busy', 'false');
  }
  return () => controller.abort();
}

function filters({ status, limit }) {
  const statusSelect = h('select', { id: 'status-filter', name: 'status' },
    h('option', { value: '' }, 'All statuses'),
    STATUSES.map((word) => h('option', { value: word, selected: word === status }, word)));
  const sizeSelect = h('select', { id: 'page-size', name: 'limit' },
    PAGE_SIZES.map((size) => h('option', { value: String(size), selected: size === limit }, String(size))));
  const apply = () => {
    location.hash = listHash({ status: statusSelect.value, limit: sizeSelect.value });
  };
  statusSelect.addEventListener('change', apply);
  sizeSelect.addEventListener('change', apply);
  return h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter executions', onsubmit: (event) => { event.preventDefault(); apply(); } },
    h('div', { class: 'field' }, h('label', { for: 'status-filter' }, 'Status'), statusSelect),
    h('div', { class: 'field' }, h('label', { for: 'page-size' }, 'Per page'), sizeSelect),
    h('button', { type: 'button', class: 'button secondary', onclick: () => window.dispatchEvent(new HashChangeEvent('hashchange')) }, 'Refresh'));
}

function table(items, { status }) {
  if (items.length === 0) {
    return h('p', { class: 'panel empty' }, status ? `No ${status} executions.` : 'No executions yet.');
  }
  const body = h('tbody', null, items.map(row));
  body.addEventListener('keydown', moveBetweenRows);
  return h('div', { class: 'table-scroll' },
    h('table', { class: 'executions' },
      h('caption', { class: 'visually-hidden' }, 'Executions, newest first'),
      h('thead', null, h('tr', null,
        h('th', { scope: 'col' }, 'Status'),
        h('th', { scope: 'col' }, 'Workflow'),
        h('th', { scope: 'col' }, 'Execution'),
        h('th', { scope: 'col' }, 'Created'),
        h('th', { scope: 'col' }, 'Started'),
        h('th', { scope: 'col' }, 'Ended'),
        h('th', { scope: 'col', class: 'num' }, 'Duration'))),
      body));
}

function row(item) {
  const href = `#/executions/${encodeURIComponent(item.id)}`;
  const ended = item.completed_at ?? item.cancelled_at;
  const running = item.status === 'running';
  const took = between(item.started_at, ended, running);
  const tr = h('tr', { class: 'execution-row', dataset: { id: item.id, status: item.status } },
    h('td', null, badge(item.status)),
    h('th', { scope: 'row' },
      h('a', { class: 'row-link', href }, item.workflow_id ?? '(no workflow id)'),
      item.error ? h('span', { class: 'row-error', title: item.error }, item.error) : null),
    h('td', null, h('code', { class: 'id', title: item.id }, shortId(item.id)),
      item.temporal_workflow_id && item.temporal_workflow_id !== item.id
        ? h('span', { class: 'secondary-id', title: 'Temporal workflow id' }, item.temporal_workflow_id) : null),
    h('td', null, time(item.created_at)),
    h('td', null, time(item.started_at)),
    h('td', null, time(ended)),
    h('td', { class: 'num' }, took === null ? '–' : `${duration(took)}${running ? '+' : ''}`));
  // The whole row opens the execution for a pointer; keyboard users have the link.
  tr.addEventListener('click', (event) => {
    if (event.target.closest('a') || window.getSelection()?.toString()) return;
    location.hash = href;
  });
  return tr;
}

function moveBetweenRows(event) {
  const keys = { ArrowDown: 1, ArrowUp: -1, Home: 'first', End: 'last' };
  if (!(event.key in keys) || !event.target.classList.contains('row-link')) return;
  const links = [...event.currentTarget.querySelectorAll('.row-link')];
  const index = links.indexOf(event.target);
  const move = keys[event.key];
  const next = move === 'first' ? 0 : move === 'last' ? links.length - 1 : index + move;
  if (next >= 0 && next < links.length) {
    event.preventDefault();
    links[next].focus();
  }
}

function pager({ status, limit, cursor, next, count }) {
  const hasPrevious = Boolean(cursor);
  const previous = previousCursor.get(cursor);
  return h('nav', { class: 'pager', 'aria-label': 'Pages' },
    h('span', { class: 'muted' }, `${count} shown${hasPrevious ? ' (not the newest page)' : ''}`),
    h('div', { class: 'pager-buttons' },
      hasPrevious
        ? h('a', { class: 'button secondary', href: listHash({ status, limit, cursor: previous ?? '' }) },
          previous === undefined ? 'Newest' : '← Newer')
        : null,
      next ? h('a', { class: 'button secondary', href: listHash({ status, limit, cursor: next }), rel: 'next' }, 'Older →') : null));
}
