// The socket: connects, reconnects with backoff, names us again (or lets the session cookie sign us in
// again), rejoins our rooms and asks each for what it said meanwhile (history since the highest seq seen),
// repeating while the server says there is more.
// The socket class, clock and randomness are passed in, so Node tests drive it with a fake socket.
import { attachedRequests, fold, historyEnd, resumeRequests, suspend } from './store.js';

const OPEN = 1;

/**
 * @param opts.url        the socket's URL
 * @param opts.WebSocket  the socket class
 * @param opts.rooms      the store's rooms (fold(name) -> room): read to resume, updated on history_end
 * @param opts.viewedRoom () => the key of the room the user looks at, or null
 * @param opts.onEvent    (event) => void, for every event from the server
 * @param opts.onStatus   ({online, delay?, waitingName?}) => void
 * @param opts.onResumed  () => void, after the requests that fill the gap are sent
 */
export function createConnection(opts) {
  const schedule = opts.setTimeout ?? setTimeout;
  const random = opts.random ?? Math.random;
  const c = {
    ws: null,
    wanted: null,     // the name asked for: sent again on every reconnect
    naming: false,    // a name request is on its way
    welcomed: false,  // this socket's name was accepted
    quitting: false,  // the user said /quit: do not reconnect
    account: null,    // the account this socket is signed in to; the cookie signs the next one in too
    fresh: false,     // restart(): the next socket starts over, as after a reload
    retries: 0,
    nameRetries: 0,   // name.taken answers while a guest resumes: its old connection may linger
    resuming: false,  // the next welcome (or attached) follows a reconnect
    restarting: false, // the server said it restarts (close 1012): it will be back soon, so retry sooner
    connect,
    restart,
    send,
    sendName,
    isOpen: () => Boolean(c.ws) && c.ws.readyState === OPEN,
  };

  function connect() {
    opts.onStatus({ online: false, connecting: true });
    const ws = new opts.WebSocket(opts.url);
    c.ws = ws;
    ws.onopen = () => {
      opts.onStatus({ online: true });
      if (c.wanted && !c.account) { // signed in, the cookie names us: a name would be a bad_request
        sendName(c.wanted);
      }
    };
    ws.onmessage = (m) => {
      let event;
      try {
        event = JSON.parse(m.data);
      } catch {
        console.warn('not JSON', m.data);
        return;
      }
      receive(event);
    };
    ws.onclose = (ev) => {
      if (c.ws !== ws) {
        return;
      }
      c.ws = null;
      c.naming = false;
      suspend(opts.rooms);
      if (c.fresh) {
        c.fresh = false;
        connect();
        return;
      }
      if (c.quitting) {
        return;
      }
      if (ev?.code === 1012) {
        // Service restart: the server went on purpose and comes back in a moment. Start over quickly,
        // and keep the waits short until it does.
        c.restarting = true;
        c.retries = 0;
      }
      // Exponential backoff with jitter, capped at 10 s (2 s while a restart is expected).
      const delay = c.restarting ? Math.min(2000, 250 * 2 ** c.retries) * (0.75 + random() * 0.5)
        : Math.min(10000, 500 * 2 ** c.retries) * (0.75 + random() * 0.5);
      c.retries++;
      c.resuming = c.resuming || c.welcomed;
      c.welcomed = false;
      opts.onStatus({ online: false, delay });
      schedule(connect, delay);
    };
  }

  /**
   * Closes this socket and opens another at once, starting over (no name sent, nothing to resume): after a
   * sign-in, the new socket's cookie signs it in.
   */
  function restart() {
    c.wanted = null;
    c.welcomed = false;
    c.resuming = false;
    c.quitting = false;
    c.retries = 0;
    if (c.ws) {
      c.fresh = true;
      c.ws.close(1000);
    } else {
      connect();
    }
  }

  function send(obj) {
    if (c.ws && c.ws.readyState === OPEN) {
      c.ws.send(JSON.stringify(obj));
      return true;
    }
    return false;
  }

  function sendName(name) {
    c.wanted = name;
    c.naming = true;
    send({ type: 'name', name });
  }

  function welcomed() {
    c.welcomed = true;
    c.restarting = false;
    c.naming = false;
    c.retries = 0;
    c.nameRetries = 0;
  }

  function receive(e) {
    switch (e.type) {
      case 'welcome':
        welcomed();
        opts.onEvent(e); // makes the first room
        if (c.resuming) {
          c.resuming = false;
          for (const req of resumeRequests(opts.rooms, fold(e.room ?? ''), opts.viewedRoom())) {
            send(req);
          }
          opts.onResumed?.();
        }
        return;
      case 'attached':
        // Signed in to an account that is on elsewhere (another browser, a terminal, or this page's old
        // socket still closing): this socket is one more connection of it, already in its rooms.
        welcomed();
        opts.onEvent(e); // makes its rooms, dropping those it left meanwhile
        if (c.resuming) {
          c.resuming = false;
          for (const req of attachedRequests(opts.rooms, e.rooms, opts.viewedRoom())) {
            send(req);
          }
          opts.onResumed?.();
        }
        return;
      case 'history_end': {
        const room = e.room && opts.rooms.get(fold(e.room));
        const next = room ? historyEnd(room, e.more) : null;
        if (next) {
          send(next);
        }
        break;
      }
      case 'account':
        c.account = e.name ?? null;
        if (c.account) {
          c.wanted = null;
        }
        break;
      case 'prompt':
        if (c.account && !c.welcomed) {
          c.account = null; // the cookie did not sign this socket in (expired, revoked): a guest now
        }
        break;
      case 'error':
        if (!c.welcomed && c.resuming && !c.account && e.code === 'name.taken' && c.nameRetries < 12) {
          // A guest is one connection: its old one may not be gone yet (the server pings it out within a
          // minute), so try the name again. A signed-in socket never needs this: it attaches to the account.
          c.nameRetries++;
          opts.onStatus({ online: true, waitingName: true });
          schedule(() => send({ type: 'name', name: c.wanted }), Math.min(10000, 1000 * c.nameRetries));
          return;
        }
        if (!c.welcomed && e.code !== 'bad_request') {
          c.naming = false;
        }
        break;
      case 'password':
        // The name is a registered account: back to the name prompt; the page offers its sign-in form.
        c.naming = false;
        send({ type: 'command', line: '' });
        break;
      case 'goodbye':
        if (c.quitting) {
          c.welcomed = false;
          c.wanted = null;
        }
        break;
    }
    opts.onEvent(e);
  }

  return c;
}
