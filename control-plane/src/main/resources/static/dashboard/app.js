// The dashboard's shell: sign-in, the sections and their navigation (#/builds, #/builds/12,
// #/images, #/deployments, #/fleet), and the refresh loop. Only the visible section is polled,
// every two seconds; it re-renders only when its data changed, and its relative times move on.

import { ApiError, createApi, Unauthorized } from './api.js';
import { refreshTimes } from './components.js';
import { h, replace } from './dom.js';
import { relativeTime } from './format.js';
import { buildsView } from './views/builds.js';
import { deploymentsView } from './views/deployments.js';
import { fleetView } from './views/fleet.js';
import { imagesView } from './views/images.js';

const TOKEN_KEY = 'unicore.dashboard.token';
const POLL_MILLIS = 2000;
const SECTIONS = [
  ['builds', 'Builds', buildsView],
  ['images', 'Images', imagesView],
  ['deployments', 'Deployments', deploymentsView],
  ['fleet', 'Agents & workers', fleetView],
];

const loginScreen = document.getElementById('login');
const loginForm = document.getElementById('login-form');
const tokenInput = document.getElementById('token');
const loginError = document.getElementById('login-error');
const signInButton = document.getElementById('sign-in');
const appScreen = document.getElementById('app');
const nav = document.getElementById('nav');
const main = document.getElementById('main');
const live = document.getElementById('live');

/** The signed-in state: the client, the views, the visible one and its refresh loop. */
let session = null;

function route() {
  const [section, argument] = location.hash.replace(/^#\/?/, '').split('/');
  const known = SECTIONS.some(([id]) => id === section);
  return { section: known ? section : 'builds', argument: known ? argument ?? null : null };
}

function navigate(section, argument) {
  const hash = `#/${section}${argument !== null && argument !== undefined ? `/${argument}` : ''}`;
  if (location.hash !== hash) {
    location.hash = hash;
  }
}

function showLogin(message) {
  appScreen.hidden = true;
  loginScreen.hidden = false;
  document.title = 'Sign in · Unicore';
  showLoginError(message);
  tokenInput.value = '';
  tokenInput.focus();
}

function showLoginError(message) {
  loginError.hidden = !message;
  loginError.textContent = message ?? '';
  tokenInput.setAttribute('aria-invalid', message ? 'true' : 'false');
}

/** Checks a token against a route every role may read; throws Unauthorized when it is refused. */
async function checkToken(token) {
  const api = createApi(token);
  await api.getJson('/api/v1/recipes');
  return api;
}

function explain(error) {
  if (error instanceof Unauthorized) {
    return 'The control plane did not accept this token. Check that you pasted all of it, and that it was not revoked.';
  }
  if (error instanceof ApiError) {
    return `The control plane answered ${error.status}: ${error.message}`;
  }
  return `Could not reach the control plane (${error.message}). Is it running?`;
}

loginForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const token = tokenInput.value.trim();
  if (!token) {
    showLoginError('Paste a token first.');
    return;
  }
  signInButton.disabled = true;
  signInButton.textContent = 'Checking…';
  try {
    const api = await checkToken(token);
    sessionStorage.setItem(TOKEN_KEY, token);
    start(api);
  } catch (error) {
    showLoginError(explain(error));
    tokenInput.select();
  } finally {
    signInButton.disabled = false;
    signInButton.textContent = 'Sign in';
  }
});

document.getElementById('sign-out').addEventListener('click', () => signOut());

function signOut(message) {
  sessionStorage.removeItem(TOKEN_KEY);
  if (session) {
    clearTimeout(session.timer);
    session.generation++;
    session.current?.dispose?.();
    session = null;
  }
  replace(main);
  showLogin(message);
}

function start(api) {
  const context = {
    api,
    route,
    navigate,
    onUnauthorized: () => signOut('Your token is no longer accepted. Sign in again.'),
  };
  session = {
    api,
    views: new Map(SECTIONS.map(([id, , create]) => [id, create(context)])),
    current: null,
    currentArgument: null,
    timer: null,
    generation: 0,
    signature: null,
    updatedAt: null,
    failing: false,
  };
  replace(
    nav,
    SECTIONS.map(([id, title]) => h('a', { href: `#/${id}`, dataset: { section: id } }, title)),
  );
  loginScreen.hidden = true;
  appScreen.hidden = false;
  showSection();
}

/** Shows the section the address names; a new section is loaded at once. */
function showSection() {
  if (!session) {
    return;
  }
  const { section, argument } = route();
  const view = session.views.get(section);
  for (const link of nav.children) {
    if (link.dataset.section === section) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
  document.title = `${view.title} · Unicore`;
  if (session.current !== view) {
    session.current?.dispose?.();
    session.current = view;
    session.currentArgument = argument;
    session.signature = null;
    replace(main, h('div', { class: 'loading', role: 'status' }, `Loading ${view.title.toLowerCase()}…`));
    refresh();
  } else if (session.currentArgument !== argument) {
    session.currentArgument = argument;
    view.onRouteChange?.();
  }
}

/** Loads the visible section, renders it if its data changed, and schedules the next refresh. */
async function refresh() {
  if (!session) {
    return;
  }
  clearTimeout(session.timer);
  const generation = ++session.generation;
  const view = session.current;
  if (document.hidden) {
    return; // visibilitychange refreshes when the tab shows again
  }
  try {
    const data = await view.load();
    if (!session || generation !== session.generation) {
      return;
    }
    const signature = JSON.stringify(data, (key, value) => (value instanceof Error ? `${value.name}: ${value.message}` : value));
    if (signature !== session.signature || !main.contains(view.element)) {
      if (!main.contains(view.element)) {
        replace(main, view.element);
      }
      view.render(data);
      session.signature = signature;
    }
    refreshTimes(main);
    session.updatedAt = new Date().toISOString();
    session.failing = false;
  } catch (error) {
    if (!session || generation !== session.generation) {
      return;
    }
    if (error instanceof Unauthorized) {
      signOut('Your token is no longer accepted. Sign in again.');
      return;
    }
    session.failing = error;
    if (!main.contains(view.element)) {
      replace(main, h('div', { class: 'note note-bad', role: 'alert' }, explain(error)));
    }
  }
  showLiveness();
  session.timer = setTimeout(refresh, POLL_MILLIS);
}

function showLiveness() {
  if (!session) {
    return;
  }
  if (session.failing) {
    live.className = 'live live-bad';
    replace(live, h('span', { class: 'dot', 'aria-hidden': 'true' }), 'Offline · retrying');
    live.title = explain(session.failing);
  } else {
    live.className = 'live live-ok';
    replace(live, h('span', { class: 'dot', 'aria-hidden': 'true' }), 'Live');
    live.title = `Updated ${relativeTime(session.updatedAt)}; refreshes every ${POLL_MILLIS / 1000} s`;
  }
}

window.addEventListener('hashchange', showSection);
document.addEventListener('visibilitychange', () => {
  if (session && !document.hidden) {
    refresh();
  }
});

// A token kept from earlier in this tab signs in again without asking.
const kept = sessionStorage.getItem(TOKEN_KEY);
if (kept) {
  checkToken(kept)
    .then(start)
    .catch((error) => {
      sessionStorage.removeItem(TOKEN_KEY);
      showLogin(error instanceof Unauthorized ? 'Your token is no longer accepted. Sign in again.' : explain(error));
    });
} else {
  showLogin();
}
