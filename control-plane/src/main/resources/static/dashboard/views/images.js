// Images: one OCI image manifest per succeeded build target, as the builds API reports them
// (target, digest, kernel size, built or reused from the cache). The manifests' dev.unicore.*
// annotations and CycloneDX SBOMs live in the registry; the control plane has no route for them
// yet, so this view says so rather than guessing.

import { digest, empty, table, time } from '../components.js';
import { h, replace } from '../dom.js';
import { bytes, duration, plural } from '../format.js';

export function imagesView({ api }) {
  const element = h('div', { class: 'stack' });

  async function load() {
    return { builds: await api.getJson('/api/v1/builds?size=100') };
  }

  function render({ builds }) {
    const images = [];
    for (const build of builds) {
      for (const task of build.tasks) {
        if (task.imageDigest) {
          images.push({ build, task });
        }
      }
    }
    const largest = Math.max(1, ...images.map(({ task }) => task.kernelSizeBytes ?? 0));
    const targets = new Set(images.map(({ task }) => task.target));
    replace(
      element,
      h(
        'section',
        { class: 'panel' },
        h(
          'header',
          { class: 'panel-header' },
          h('h2', null, 'Images'),
          h('span', { class: 'quiet' }, `${plural(images.length, 'image')} for ${plural(targets.size, 'target')}, from the newest ${plural(builds.length, 'build')}`),
        ),
        images.length
          ? table(
              'images',
              ['Target', 'Recipe', 'Build', 'Digest', { label: 'Kernel size', class: 'wide' }, 'Origin', 'Built'],
              images.map(({ build, task }) =>
                h(
                  'tr',
                  { dataset: { taskId: task.id, target: task.target } },
                  h('td', { class: 'strong' }, task.target),
                  h('td', null, build.recipe, h('span', { class: 'quiet' }, ` v${build.recipeVersion}`)),
                  h('td', { class: 'number' }, `#${build.id}`),
                  h('td', null, digest(task.imageDigest)),
                  h('td', null, sizeBar(task.kernelSizeBytes, largest)),
                  h(
                    'td',
                    null,
                    task.cachedFrom != null
                      ? h('span', { class: 'tag tag-cache' }, `cache · task #${task.cachedFrom}`)
                      : h('span', { class: 'tag' }, `built in ${duration(task.durationMillis)}`),
                  ),
                  h('td', null, time(build.createdAt)),
                ),
              ),
            )
          : empty('No images yet.', 'Each succeeded build target pushes one image manifest.'),
      ),
      h(
        'aside',
        { class: 'note' },
        h('strong', null, 'Annotations and SBOM. '),
        'Each manifest carries dev.unicore.* annotations (platform, VMM, library set, recipe digest, build id) ' +
          'and a CycloneDX SBOM as a referrer in the OCI registry. The control plane does not serve them yet; ' +
          'any OCI client can read them from the registry by the digest above.',
      ),
    );
  }

  return { id: 'images', title: 'Images', element, load, render };
}

function sizeBar(size, largest) {
  if (size === null || size === undefined) {
    return h('span', { class: 'quiet' }, '—');
  }
  return h(
    'span',
    { class: 'size' },
    h('span', { class: 'size-track', 'aria-hidden': 'true' }, h('span', { class: 'size-fill', style: `width: ${Math.max(2, Math.round((size / largest) * 100))}%` })),
    h('span', { class: 'number' }, bytes(size)),
  );
}
