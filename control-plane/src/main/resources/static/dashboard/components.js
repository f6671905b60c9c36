// Small pieces every view uses: status badges, times, meters, empty and error states.

import { h } from './dom.js';
import { absoluteTime, relativeTime } from './format.js';

/** Each kind of thing's states, each with a tone: ok, active, waiting, warn, bad or muted. */
const TONES = {
  build: { queued: 'waiting', running: 'active', succeeded: 'ok', failed: 'bad', cancelled: 'muted' },
  task: {
    queued: 'waiting',
    leased: 'active',
    running: 'active',
    succeeded: 'ok',
    failed: 'bad',
    cancelled: 'muted',
  },
  deployment: { progressing: 'active', available: 'ok', degraded: 'warn', 'rollout-failed': 'bad' },
  instance: {
    pending: 'waiting',
    starting: 'active',
    running: 'ok',
    failed: 'bad',
    stopped: 'muted',
    unknown: 'warn',
  },
  liveness: { online: 'ok', silent: 'warn', 'never seen': 'muted' },
};

/**
 * A status badge: a coloured dot and the state in words (the colour is never the only signal).
 * `kind` picks the tones (a running task is in progress, a running instance is healthy).
 */
export function badge(kind, state, extra) {
  const tone = TONES[kind]?.[state] ?? 'muted';
  return h(
    'span',
    { class: `badge tone-${tone}`, dataset: { state } },
    h('span', { class: 'dot', 'aria-hidden': 'true' }),
    state,
    extra ? h('span', { class: 'badge-extra' }, extra) : null,
  );
}

/** A time shown relative to now ("3 min ago"), kept current by refreshTimes(), exact on hover. */
export function time(iso) {
  if (!iso) {
    return h('span', { class: 'quiet' }, 'never');
  }
  return h('time', { datetime: iso, title: absoluteTime(iso), dataset: { relative: '' } }, relativeTime(iso));
}

/** Updates every relative time below `root`, so times move on while the data stays the same. */
export function refreshTimes(root) {
  const now = Date.now();
  for (const element of root.querySelectorAll('time[data-relative]')) {
    const text = relativeTime(element.getAttribute('datetime'), now);
    if (element.textContent !== text) {
      element.textContent = text;
    }
  }
}

/** "3 / 4" with a bar: how much of a capacity is used. */
export function meter(used, capacity, label) {
  const ratio = capacity > 0 ? Math.min(1, used / capacity) : 0;
  const tone = ratio >= 1 ? 'full' : ratio >= 0.75 ? 'high' : 'normal';
  return h(
    'span',
    { class: `meter meter-${tone}`, title: label },
    h(
      'span',
      { class: 'meter-track', 'aria-hidden': 'true' },
      h('span', { class: 'meter-fill', style: `width: ${Math.round(ratio * 100)}%` }),
    ),
    h('span', { class: 'meter-text' }, `${used} / ${capacity}`),
  );
}

/** A digest in a monospace chip: short, the whole digest on hover and when selected. */
export function digest(value) {
  if (!value) {
    return h('span', { class: 'quiet' }, '—');
  }
  const [algorithm, hex] = value.includes(':') ? value.split(':', 2) : ['', value];
  return h(
    'code',
    { class: 'digest', title: value },
    algorithm ? h('span', { class: 'digest-algorithm' }, `${algorithm}:`) : null,
    h('span', { class: 'digest-head' }, hex.slice(0, 10)),
    h('span', { class: 'digest-tail' }, hex.slice(10)),
  );
}

/** A friendly empty state. */
export function empty(title, hint) {
  return h('div', { class: 'empty' }, h('p', { class: 'empty-title' }, title), hint ? h('p', null, hint) : null);
}

/** Why a part of a view could not be shown (a role that may not read it, an error). */
export function problemNote(error) {
  const message =
    error?.status === 403
      ? "This token's role may not read this list."
      : `Could not load this list: ${error?.message ?? error}`;
  return h('div', { class: 'note note-bad', role: 'status' }, message);
}

/** A table with a header row; rows are <tr> nodes. */
export function table(className, headings, rows) {
  return h(
    'div',
    { class: 'table-scroll' },
    h(
    'table',
    { class: `grid ${className ?? ''}` },
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        headings.map((heading) =>
          typeof heading === 'string'
            ? h('th', { scope: 'col' }, heading)
            : h('th', { scope: 'col', class: heading.class }, heading.label),
        ),
      ),
    ),
    h('tbody', null, rows),
    ),
  );
}
