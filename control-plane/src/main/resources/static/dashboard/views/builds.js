// Builds: the newest builds with each target's state, and the selected build's tasks (durations,
// cache hits, images) with the live log of one task.

import { badge, digest, empty, table, time } from '../components.js';
import { h, replace } from '../dom.js';
import { bytes, duration, plural } from '../format.js';
import { LogViewer } from '../logs.js';

const ACTIVE = new Set(['queued', 'leased', 'running']);

export function buildsView({ api, onUnauthorized, route, navigate }) {
  const logs = new LogViewer(api, onUnauthorized);
  const list = h('div', { class: 'panel builds-list' });
  // The log keeps its place beside the re-rendered summary, so its stream and scroll survive.
  const summary = h('div', { class: 'build-summary' });
  const detail = h('div', { class: 'builds-detail' }, summary, logs.element);
  const element = h('div', { class: 'split' }, list, detail);
  let selectedTaskId = null;
  let builds = [];

  async function load() {
    return { builds: await api.getJson('/api/v1/builds?size=40') };
  }

  function selectedBuild() {
    const wanted = Number(route().argument);
    return builds.find((build) => build.id === wanted) ?? builds[0];
  }

  function render(data) {
    builds = data.builds;
    const selected = selectedBuild();
    replace(list, header(builds), builds.length ? buildTable(builds, selected) : empty('No builds yet.', 'POST /api/v1/builds starts one; it shows up here at once.'));
    renderDetail(selected);
  }

  function header(all) {
    const running = all.filter((build) => ACTIVE.has(build.state)).length;
    return h(
      'header',
      { class: 'panel-header' },
      h('h2', null, 'Builds'),
      h('span', { class: 'quiet' }, `${plural(all.length, 'build')}, ${running} in progress`),
    );
  }

  function buildTable(all, selected) {
    return table(
      'builds',
      ['Build', 'Targets', 'Started'],
      all.map((build) =>
        h(
          'tr',
          {
            class: build === selected ? 'selected' : null,
            dataset: { buildId: build.id },
            tabindex: '0',
            'aria-selected': build === selected ? 'true' : 'false',
            onclick: () => navigate('builds', build.id),
            onkeydown: (event) => {
              if (event.key === 'Enter') {
                navigate('builds', build.id);
              }
            },
          },
          h(
            'td',
            null,
            h('div', { class: 'build-title' }, h('span', { class: 'strong' }, `#${build.id}`), badge('build', build.state)),
            h('div', { class: 'quiet recipe' }, `${build.recipe} v${build.recipeVersion}`),
          ),
          h('td', null, h('div', { class: 'chips' }, build.tasks.map((task) => targetChip(task)))),
          h('td', null, time(build.createdAt)),
        ),
      ),
    );
  }

  function targetChip(task) {
    return h(
      'span',
      { class: 'chip', dataset: { target: task.target, state: task.state } },
      h('span', { class: 'chip-target' }, task.target),
      badge('task', task.state, task.cachedFrom ? 'cached' : null),
    );
  }

  function renderDetail(build) {
    if (!build) {
      logs.close();
      logs.element.hidden = true;
      replace(summary, h('div', { class: 'panel' }, empty('Select a build', 'Its tasks and live logs show here.')));
      return;
    }
    const tasks = build.tasks;
    let task = tasks.find((candidate) => candidate.id === selectedTaskId);
    if (!task) {
      task = tasks.find((candidate) => ACTIVE.has(candidate.state)) ?? tasks.find((candidate) => candidate.state === 'failed') ?? tasks[0];
    }
    selectedTaskId = task?.id ?? null;
    const finished = tasks.filter((candidate) => candidate.durationMillis != null);
    const cacheHits = tasks.filter((candidate) => candidate.cachedFrom != null).length;
    const longest = finished.length ? Math.max(...finished.map((candidate) => candidate.durationMillis)) : null;
    replace(
      summary,
      h(
        'section',
        { class: 'panel', dataset: { buildDetail: build.id } },
        h(
          'header',
          { class: 'panel-header' },
          h('h2', null, `Build #${build.id}`),
          badge('build', build.state),
          h('span', { class: 'quiet' }, `${build.recipe} v${build.recipeVersion} · started `, time(build.createdAt)),
        ),
        h(
          'dl',
          { class: 'facts' },
          fact('Targets', String(tasks.length)),
          fact('Cache hits', `${cacheHits} of ${tasks.length}`),
          fact('Longest target', duration(longest)),
          fact('Total build time', finished.length ? duration(finished.reduce((sum, candidate) => sum + candidate.durationMillis, 0)) : '—'),
        ),
        table(
          'tasks',
          ['Target', 'State', 'Duration', 'Kernel', 'Image'],
          tasks.map((candidate) => taskRow(candidate, candidate === task)),
        ),
      ),
    );
    logs.element.hidden = !task;
    if (task) {
      logs.open(task);
    } else {
      logs.close();
    }
  }

  function taskRow(task, selected) {
    const choose = () => {
      selectedTaskId = task.id;
      renderDetail(selectedBuild());
    };
    return h(
      'tr',
      {
        class: selected ? 'selected' : null,
        dataset: { taskId: task.id, target: task.target },
        tabindex: '0',
        title: 'Show this target\'s log',
        'aria-selected': selected ? 'true' : 'false',
        onclick: choose,
        onkeydown: (event) => {
          if (event.key === 'Enter') {
            choose();
          }
        },
      },
      h('td', { class: 'strong' }, task.target),
      h(
        'td',
        null,
        badge('task', task.state),
        h(
          'div',
          { class: 'quiet small' },
          task.workerId != null ? `worker #${task.workerId}` : 'no worker',
          task.attempts > 1 ? ` · attempt ${task.attempts}` : null,
        ),
        task.failureReason ? h('div', { class: 'failure' }, task.failureReason) : null,
      ),
      h('td', { class: 'number' }, ACTIVE.has(task.state) ? h('span', { class: 'quiet' }, 'in progress') : duration(task.durationMillis)),
      h('td', { class: 'number' }, bytes(task.kernelSizeBytes)),
      h(
        'td',
        null,
        digest(task.imageDigest),
        task.cachedFrom != null
          ? h('div', null, h('span', { class: 'tag tag-cache', title: `reused the image of task #${task.cachedFrom}` }, `cache hit · task #${task.cachedFrom}`))
          : null,
      ),
    );
  }

  return {
    id: 'builds',
    title: 'Builds',
    element,
    load,
    render,
    dispose: () => logs.close(),
    onRouteChange: () => {
      selectedTaskId = null;
      if (builds.length) {
        render({ builds });
      }
    },
  };
}

function fact(label, value) {
  return h('div', { class: 'fact' }, h('dt', null, label), h('dd', null, value));
}
