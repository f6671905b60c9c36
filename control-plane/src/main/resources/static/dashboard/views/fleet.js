// Agents and workers: who is alive (last heartbeat), what each can take (capacity) and holds.

import { badge, empty, meter, problemNote, table, time } from '../components.js';
import { h, replace } from '../dom.js';
import { ageSeconds, plural } from '../format.js';

// Agents and workers heartbeat every few seconds; a minute of silence is worth a warning.
const SILENT_AFTER_SECONDS = 60;

export function fleetView({ api }) {
  const element = h('div', { class: 'stack' });

  async function load() {
    const [agents, workers] = await Promise.allSettled([
      api.getJson('/api/v1/agents'),
      api.getJson('/api/v1/workers'),
    ]);
    for (const result of [agents, workers]) {
      if (result.status === 'rejected' && result.reason?.name === 'Unauthorized') {
        throw result.reason;
      }
    }
    return { agents, workers };
  }

  function render({ agents, workers }) {
    replace(
      element,
      h(
        'section',
        { class: 'panel' },
        h(
          'header',
          { class: 'panel-header' },
          h('h2', null, 'Agents'),
          agents.status === 'fulfilled' ? h('span', { class: 'quiet' }, summary(agents.value, 'lastHeartbeatAt', 'agent')) : null,
        ),
        agents.status === 'fulfilled' ? agentTable(agents.value) : problemNote(agents.reason),
      ),
      h(
        'section',
        { class: 'panel' },
        h(
          'header',
          { class: 'panel-header' },
          h('h2', null, 'Build workers'),
          workers.status === 'fulfilled' ? h('span', { class: 'quiet' }, summary(workers.value, 'lastSeenAt', 'worker')) : null,
        ),
        workers.status === 'fulfilled' ? workerTable(workers.value) : problemNote(workers.reason),
      ),
    );
  }

  return { id: 'fleet', title: 'Agents & workers', element, load, render };
}

function liveness(iso) {
  if (!iso) {
    return 'never seen';
  }
  return ageSeconds(iso) > SILENT_AFTER_SECONDS ? 'silent' : 'online';
}

function summary(items, seenField, noun) {
  const online = items.filter((item) => liveness(item[seenField]) === 'online').length;
  return `${plural(items.length, noun)}, ${online} online`;
}

function agentTable(agents) {
  if (!agents.length) {
    return empty('No agents registered.', 'An agent registers with POST /api/v1/agents and then heartbeats.');
  }
  return table(
    'agents',
    ['Agent', 'Status', 'Kind', 'Pool', 'Platforms', 'Instances / capacity', 'Last heartbeat', 'Registered'],
    agents.map((agent) =>
      h(
        'tr',
        { dataset: { agentId: agent.id } },
        h('td', { class: 'strong' }, agent.name, h('span', { class: 'quiet' }, ` #${agent.id}`)),
        h('td', null, badge('liveness', liveness(agent.lastHeartbeatAt))),
        h('td', null, agent.kind),
        h('td', null, agent.pool),
        h('td', null, h('div', { class: 'chips' }, agent.platforms.map((platform) => h('span', { class: 'tag' }, platform)))),
        h('td', null, meter(agent.instances, agent.capacity, 'instances that should run / capacity')),
        h('td', null, time(agent.lastHeartbeatAt)),
        h('td', null, time(agent.registeredAt)),
      ),
    ),
  );
}

function workerTable(workers) {
  if (!workers.length) {
    return empty('No build workers registered.', 'A worker registers with POST /api/v1/workers and then leases tasks.');
  }
  return table(
    'workers',
    ['Worker', 'Status', 'Platforms', 'Architectures', 'Tasks / capacity', 'Last seen'],
    workers.map((worker) =>
      h(
        'tr',
        { dataset: { workerId: worker.id } },
        h('td', { class: 'strong' }, worker.name, h('span', { class: 'quiet' }, ` #${worker.id}`)),
        h('td', null, badge('liveness', liveness(worker.lastSeenAt))),
        h('td', null, h('div', { class: 'chips' }, worker.platforms.map((platform) => h('span', { class: 'tag' }, platform)))),
        h('td', null, h('div', { class: 'chips' }, worker.architectures.map((architecture) => h('span', { class: 'tag' }, architecture)))),
        h('td', null, meter(worker.activeTasks ?? 0, worker.capacity, 'tasks held / capacity')),
        h('td', null, time(worker.lastSeenAt)),
      ),
    ),
  );
}
