// Deployments and their instances: state, desired state, restarts, exit status, the agent that
// runs each one and the tail of its console. A deployment a Kubernetes cluster defines says so
// ("managed by <cluster>"): it is changed in that cluster, not through the API.

import { badge, digest, empty, table, time } from '../components.js';
import { h, replace } from '../dom.js';
import { plural } from '../format.js';

export function deploymentsView({ api }) {
  const element = h('div', { class: 'stack' });
  // Which consoles the user opened, so a refresh does not fold them again.
  const openConsoles = new Set();

  async function load() {
    const [deployments, agents] = await Promise.allSettled([
      api.getJson('/api/v1/deployments'),
      api.getJson('/api/v1/agents'),
    ]);
    if (deployments.status === 'rejected') {
      throw deployments.reason;
    }
    return {
      deployments: deployments.value,
      agents: agents.status === 'fulfilled' ? agents.value : [],
    };
  }

  function render({ deployments, agents }) {
    const agentNames = new Map(agents.map((agent) => [agent.id, agent.name]));
    const running = deployments.flatMap((deployment) => deployment.instances).filter((instance) => instance.state === 'running').length;
    replace(
      element,
      h(
        'header',
        { class: 'section-header' },
        h('h2', null, 'Deployments'),
        h('span', { class: 'quiet' }, `${plural(deployments.length, 'deployment')}, ${plural(running, 'running instance')}`),
      ),
      deployments.length
        ? deployments.map((deployment) => card(deployment, agentNames))
        : h('div', { class: 'panel' }, empty('No deployments yet.', 'POST /api/v1/deployments runs an image on an agent pool.')),
    );
  }

  function card(deployment, agentNames) {
    const serving = deployment.instances.filter((instance) => instance.desired === 'run' && instance.state === 'running').length;
    return h(
      'section',
      { class: 'panel deployment', dataset: { deployment: deployment.name } },
      h(
        'header',
        { class: 'panel-header' },
        h('h3', null, deployment.name),
        badge('deployment', deployment.state),
        deployment.managedBy
          ? h('span', { class: 'tag managed-by', title: 'defined by a UnikernelDeployment in this Kubernetes cluster; change it there' }, `managed by ${deployment.managedBy}`)
          : null,
        h('span', { class: 'quiet' }, `${serving} of ${deployment.replicas} replicas running · revision ${deployment.revision}`),
      ),
      h(
        'dl',
        { class: 'facts' },
        fact('Image', h('code', { class: 'image-ref' }, deployment.image)),
        fact('Digest', digest(deployment.imageDigest)),
        fact('Platform', deployment.platform),
        fact('Pool', deployment.pool),
        fact('Resources', `${deployment.cpus} CPU · ${deployment.memoryMiB} MiB`),
        fact('Restart policy', deployment.restartPolicy),
        fact('Created', time(deployment.createdAt)),
      ),
      deployment.instances.length
        ? table(
            'instances',
            ['Instance', 'State', 'Desired', 'Restarts', 'Exit', 'Agent', 'Revision', 'Updated', 'Console'],
            deployment.instances.map((instance) => instanceRow(instance, deployment, agentNames)),
          )
        : empty('No instances.', deployment.replicas === 0 ? 'Scaled to zero replicas.' : 'Waiting for an agent with room.'),
    );
  }

  function instanceRow(instance, deployment, agentNames) {
    const tail = instance.consoleTail ?? '';
    const lastLine = tail.trimEnd().split('\n').pop();
    const consoleOutput = tail
      ? h(
          'details',
          {
            class: 'console',
            open: openConsoles.has(instance.id),
            ontoggle: (event) => {
              if (event.target.open) {
                openConsoles.add(instance.id);
              } else {
                openConsoles.delete(instance.id);
              }
            },
          },
          h('summary', null, h('span', { class: 'console-last' }, lastLine || 'console')),
          h('pre', { class: 'console-tail' }, tail),
        )
      : h('span', { class: 'quiet' }, 'no output yet');
    return h(
      'tr',
      { dataset: { instanceId: instance.id, state: instance.state }, class: instance.revision !== deployment.revision ? 'previous' : null },
      h('td', { class: 'number' }, `#${instance.id}`),
      h('td', null, badge('instance', instance.state)),
      h('td', null, instance.desired),
      h('td', { class: instance.restarts > 0 ? 'number warn-text' : 'number' }, String(instance.restarts)),
      h('td', { class: 'number' }, instance.exitStatus != null ? String(instance.exitStatus) : h('span', { class: 'quiet' }, '—')),
      h('td', null, instance.agentId != null ? agentNames.get(instance.agentId) ?? `#${instance.agentId}` : h('span', { class: 'quiet' }, 'unplaced')),
      h('td', { class: 'number' }, `r${instance.revision}`),
      h('td', null, time(instance.updatedAt)),
      h('td', { class: 'console-cell' }, consoleOutput),
    );
  }

  return { id: 'deployments', title: 'Deployments', element, load, render };
}

function fact(label, value) {
  return h('div', { class: 'fact' }, h('dt', null, label), h('dd', null, value));
}
