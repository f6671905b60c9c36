// The dashboard's only way to the control plane: the public REST API with the signed-in token.

/** The token was refused (401): the user must sign in again. */
export class Unauthorized extends Error {
  constructor(message = 'The control plane refused the token.') {
    super(message);
    this.name = 'Unauthorized';
  }
}

/** Any other answer than 2xx: the status and the problem document's title and detail. */
export class ApiError extends Error {
  constructor(status, title, detail) {
    super(detail || title || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.title = title;
  }
}

async function problem(response) {
  if (response.status === 401) {
    return new Unauthorized();
  }
  let title = response.statusText;
  let detail = '';
  try {
    const body = await response.json();
    title = body.title || title;
    detail = body.detail || '';
  } catch {
    // not a problem document
  }
  return new ApiError(response.status, title, detail);
}

/** A client for one token. */
export function createApi(token) {
  const authorization = { Authorization: `Bearer ${token}` };

  async function getJson(path, signal) {
    const response = await fetch(path, {
      headers: { ...authorization, Accept: 'application/json' },
      cache: 'no-store',
      signal,
    });
    if (!response.ok) {
      throw await problem(response);
    }
    return response.json();
  }

  /**
   * Reads a task's log as it grows: GET /api/v1/tasks/{id}/logs/stream is Server-Sent Events, read
   * with fetch() because EventSource cannot send the Authorization header. Calls onLine for each
   * `line` event and onEnd with the task's final state at the `end` event, then returns. A dropped
   * connection is resumed from the last line seen (Last-Event-ID) after two seconds; onStatus
   * tells the viewer. Returns quietly when `signal` aborts.
   */
  async function streamLog(taskId, { onLine, onEnd, onStatus, signal }) {
    let lastEventId = null;
    while (!signal.aborted) {
      try {
        const headers = { ...authorization, Accept: 'text/event-stream' };
        if (lastEventId !== null) {
          headers['Last-Event-ID'] = lastEventId;
        }
        const response = await fetch(`/api/v1/tasks/${encodeURIComponent(taskId)}/logs/stream`, {
          headers,
          cache: 'no-store',
          signal,
        });
        if (!response.ok) {
          throw await problem(response);
        }
        onStatus?.('streaming');
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) {
            break;
          }
          buffer += value.replace(/\r\n?/g, '\n');
          let boundary;
          while ((boundary = buffer.indexOf('\n\n')) >= 0) {
            const event = parseEvent(buffer.slice(0, boundary));
            buffer = buffer.slice(boundary + 2);
            if (event.id !== null) {
              lastEventId = event.id;
            }
            if (event.name === 'line') {
              onLine(event.data);
            } else if (event.name === 'end') {
              onEnd(event.data);
              reader.cancel().catch(() => {});
              return;
            }
          }
        }
      } catch (error) {
        if (signal.aborted) {
          return;
        }
        if (error instanceof Unauthorized || (error instanceof ApiError && error.status < 500)) {
          throw error;
        }
      }
      onStatus?.('reconnecting');
      await sleep(2000, signal);
    }
  }

  return { getJson, streamLog };
}

/** One Server-Sent Event block: its name (default "message"), id and data lines joined. */
function parseEvent(block) {
  const event = { name: 'message', id: null, data: [] };
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) {
      continue;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) {
      value = value.slice(1);
    }
    if (field === 'event') {
      event.name = value;
    } else if (field === 'data') {
      event.data.push(value);
    } else if (field === 'id') {
      event.id = value;
    }
  }
  return { name: event.name, id: event.id, data: event.data.join('\n') };
}

function sleep(millis, signal) {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, millis);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
