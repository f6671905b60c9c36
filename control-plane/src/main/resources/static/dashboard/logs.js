// A live view of one build task's log. It outlives the builds view's re-renders (the view moves
// the same element into place each time), so the stream is not interrupted every two seconds.

import { h, replace } from './dom.js';

const MAX_LINES = 5000;

export class LogViewer {
  /** @param api the signed-in client; @param onUnauthorized called when the token is refused */
  constructor(api, onUnauthorized) {
    this.api = api;
    this.onUnauthorized = onUnauthorized;
    this.taskId = null;
    this.controller = null;
    this.lineCount = 0;
    this.title = h('span', { class: 'log-title' }, 'Log');
    this.status = h('span', { class: 'log-status' });
    this.follow = h('input', { type: 'checkbox', checked: true, id: 'log-follow' });
    this.output = h('pre', { class: 'log-output', id: 'log-output', tabindex: '0', 'aria-live': 'off' });
    this.element = h(
      'section',
      { class: 'log panel', 'aria-label': 'Build log' },
      h(
        'header',
        { class: 'log-header' },
        this.title,
        this.status,
        h('label', { class: 'log-follow' }, this.follow, 'Follow'),
      ),
      this.output,
    );
  }

  /** Shows the log of `task` (from its first line), unless it is already shown. */
  open(task) {
    if (this.taskId === task.id) {
      return;
    }
    this.close();
    this.taskId = task.id;
    this.lineCount = 0;
    this.element.dataset.taskId = task.id;
    replace(this.title, 'Log ', h('strong', null, task.target), h('span', { class: 'quiet' }, ` · task #${task.id}`));
    replace(this.output, h('span', { class: 'log-placeholder' }, 'Waiting for the first line…'));
    this.setStatus('connecting', 'waiting');
    const controller = new AbortController();
    this.controller = controller;
    this.api
      .streamLog(task.id, {
        signal: controller.signal,
        onLine: (line) => this.append(line),
        onEnd: (state) => {
          if (this.lineCount === 0) {
            replace(this.output, h('span', { class: 'log-placeholder' }, 'This task wrote no log.'));
          }
          this.setStatus(`ended · ${state}`, state === 'succeeded' ? 'ok' : state === 'failed' ? 'bad' : 'muted');
        },
        onStatus: (status) => this.setStatus(status, status === 'streaming' ? 'active' : 'warn'),
      })
      .catch((error) => {
        if (error?.name === 'Unauthorized') {
          this.onUnauthorized();
        } else {
          this.setStatus(`unavailable: ${error.message}`, 'bad');
        }
      });
  }

  /** Stops streaming and forgets the task. */
  close() {
    this.controller?.abort();
    this.controller = null;
    this.taskId = null;
  }

  append(line) {
    if (this.lineCount === 0) {
      this.output.replaceChildren();
    }
    this.lineCount++;
    this.output.append(h('span', { class: 'log-line' }, line), '\n');
    while (this.output.childNodes.length > MAX_LINES * 2) {
      this.output.firstChild.remove();
      this.output.firstChild.remove();
    }
    if (this.follow.checked) {
      this.output.scrollTop = this.output.scrollHeight;
    }
  }

  setStatus(text, tone) {
    this.status.className = `log-status badge tone-${tone}`;
    replace(this.status, h('span', { class: 'dot', 'aria-hidden': 'true' }), text);
  }
}
