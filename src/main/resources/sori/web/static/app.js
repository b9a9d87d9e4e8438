// sori's chat page: one WebSocket speaking the JSON protocol of docs/protocol.md. No framework, no build:
// ES modules straight from the jar. This one wires them: texts.js (words), store.js (rooms as data),
// connection.js (socket, reconnect, catch-up), view.js (DOM).
import { moderationText, t } from './texts.js';
import {
  abandonEarlier, addEvent, applyModeration, fold, markOf, newRoom, renameMarks, requestEarlier, ROOM_EVENTS,
} from './store.js';
import { createConnection } from './connection.js';
import * as view from './view.js';

/** A scroll-back request unanswered this long (a server that ignores `before`) stops showing as loading. */
const EARLIER_TIMEOUT_MS = 10_000;

const state = {
  me: null,            // my name, once welcomed
  account: null,       // the account this page is signed in to (its cookie signs each socket in), or null
  view: null,          // {kind: 'room'|'dm', key}
  serverRoom: null,    // the server's current room (where /me and /topic go)
  rooms: new Map(),    // fold(name) -> room (store.js)
  dms: new Map(),      // fold(name) -> {key, name, unread}
  quietWho: new Set(), // rooms whose next who answer only refreshes the member list
};

const url = new URL('ws', location.href);
url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
const conn = createConnection({
  url,
  WebSocket,
  rooms: state.rooms,
  viewedRoom: () => (state.view && state.view.kind === 'room' ? state.view.key : null),
  onEvent: handle,
  onStatus: (s) => {
    if (s.online) {
      view.status(s.waitingName ? t('waitingName') : t('online'), Boolean(s.waitingName));
    } else if (s.connecting) {
      view.status(t('connecting'));
    } else {
      state.me = null;
      view.status(t('offline', Math.round(s.delay / 1000)), true);
      view.showLoginIfBlank(); // no server yet: the forms, saying so, rather than an empty page
    }
  },
  onResumed: () => view.system(t('reconnected'), 'info'),
});

// ---- events from the server ----

function handle(e) {
  switch (e.type) {
    case 'prompt':
      if (state.account && state.me === null) {
        state.account = null; // this socket was not signed in (its cookie was revoked or expired): a guest now
        view.setAccount(null);
      }
      if (!conn.naming && state.me === null) {
        view.showLogin(state.loginNote, conn.wanted);
      }
      state.loginNote = undefined;
      break;
    case 'password': // the connection goes back to the name prompt; say why, and offer the sign-in form
      state.loginNote = t('registeredName', e.name);
      view.offerSignIn(e.name);
      break;
    case 'account':
      state.account = e.name ?? null;
      view.setAccount(state.account);
      break;
    case 'welcome': welcome(e); break;
    case 'attached': attached(e); break;
    case 'switched':
      state.serverRoom = e.room;
      if (e.room) {
        room(e.room);
        if (!(state.view && state.view.kind === 'room' && state.view.key === fold(e.room))) {
          show({ kind: 'room', key: fold(e.room) });
        }
      }
      break;
    case 'replayed': roomEvent(e.event, true); break;
    case 'history_end': {
      // connection.js has already folded it into the room (and asked for more if a catch-up was cut short).
      const r = state.rooms.get(fold(e.room ?? ''));
      if (r) {
        view.renderMarker(r);
        loadEarlierIfShort(r);
      }
      break;
    }
    case 'private': privateMessage(e); break;
    case 'who': who(e); break;
    case 'rooms':
      view.system(t('roomsHead', e.rooms.length), 'info');
      for (const r of e.rooms) {
        view.system(t('roomLine', r.name, r.members, r.topic ?? ''), 'info');
      }
      break;
    case 'help':
      view.system(t('helpHead'), 'info');
      for (const c of e.commands) {
        view.system(`${c.usage} — ${c.text}`, 'info');
      }
      break;
    case 'topic': {
      const r = state.rooms.get(fold(e.room));
      if (r) {
        r.topic = e.topic;
        view.renderHeader();
      }
      view.system(t('topicIs', e.room, e.topic ?? t('noTopic')), 'info');
      break;
    }
    case 'notice': view.system(e.text, 'info'); break;
    case 'error':
      if (state.me === null && e.code !== 'bad_request') {
        view.showLogin(e.text, conn.wanted);
      } else {
        view.system(e.text, 'error');
      }
      break;
    case 'goodbye':
      view.system(e.text, 'info');
      if (state.account && /^\/logout\b/i.test(state.lastCommand ?? '')) {
        signOut(); // /logout all: every token is gone; the cookie goes too
        return;
      }
      if (conn.quitting) {
        state.me = null;
        view.showLogin(undefined, null);
      }
      break;
    default:
      if (ROOM_EVENTS.has(e.type)) {
        roomEvent(e, false);
      } else {
        console.warn('unknown event', e);
      }
  }
}

function welcome(e) {
  state.me = e.name;
  view.status(t('online'));
  view.showChat(e.name);
  if (e.room === null) { // banned from the first room: in, with no room
    view.showView();
    view.system(t('noRoom'), 'info');
    view.renderSidebar();
    return;
  }
  const lobby = room(e.room);
  lobby.members = e.members.slice();
  if (!state.view) {
    show({ kind: 'room', key: lobby.key });
  }
  view.renderSidebar();
}

/**
 * This socket is one more connection of an account already on (another browser, a terminal, or this page's
 * previous socket not yet closed): it is in the account's rooms. Rooms this page knew that the account has
 * left meanwhile go; the member lists are asked for, as an attach names only the rooms. A switched follows.
 */
function attached(e) {
  state.me = e.name;
  view.status(t('online'));
  view.showChat(e.name);
  const keys = new Set(e.rooms.map(fold));
  for (const key of [...state.rooms.keys()]) {
    if (!keys.has(key)) {
      dropRoom(key);
    }
  }
  for (const name of e.rooms) {
    const r = room(name);
    state.quietWho.add(r.key);
    conn.send({ type: 'who', room: r.name });
  }
  view.renderSidebar();
  view.system(t('attached', e.connections), 'info');
}

function roomEvent(e, replayed) {
  const mine = e.name === state.me && !replayed;
  const r = room(e.room);
  let kicked = false;
  if (!replayed) {
    switch (e.type) {
      case 'moderated': kicked = applyModeration(r, e, state.me); break;
      case 'joined':
        if (mine) {
          state.quietWho.add(r.key);
          conn.send({ type: 'who', room: r.name });
        } else if (!r.members.includes(e.name)) {
          r.members.push(e.name);
        }
        break;
      case 'left': r.members = r.members.filter((m) => m !== e.name); break;
      case 'renamed':
        r.members = r.members.map((m) => (m === e.from ? e.to : m));
        renameMarks(r, e.from, e.to);
        if (e.from === state.me) {
          state.me = e.to;
          conn.wanted = e.to;
          view.setMe(e.to);
        }
        break;
      case 'topic_set': r.topic = e.topic; break;
    }
  }
  const placed = addEvent(r, e, replayed);
  if (placed) {
    view.placeEvent(r, placed, leftText);
    view.renderMarker(r);
    loadEarlierIfShort(r);
    const viewed = state.view && state.view.kind === 'room' && state.view.key === r.key;
    if (!replayed && !viewed && (e.type === 'said' || e.type === 'action')) {
      r.unread++;
      view.renderSidebar();
    }
  }
  if ((e.type === 'left' && mine) || kicked) {
    dropRoom(r.key);
    if (kicked) { // its log is gone with the room: say it where the user is now
      view.system(moderationText(e), 'error');
    }
    return;
  }
  if (state.view && state.view.key === r.key && state.view.kind === 'room') {
    view.renderMembers();
    view.renderHeader();
  }
}

function leftText(e) {
  switch (e.why) {
    case 'quit': return e.reason ? t('quitReason', e.name, e.reason) : t('quit', e.name);
    case 'disconnected': return t('lost', e.name);
    case 'kicked_slow': return t('kicked', e.name);
    case 'shutdown': return t('shutdown', e.name);
    case 'killed': return e.reason ? t('killedReason', e.name, e.reason) : t('killed', e.name);
    default: return e.reason ? t('leftReason', e.name, e.room, e.reason) : t('left', e.name, e.room);
  }
}

function who(e) {
  const r = state.rooms.get(fold(e.room));
  if (r) {
    r.members = e.members.slice();
    r.ops = (e.ops ?? []).slice();
    r.voiced = (e.voiced ?? []).slice();
    r.topic = e.topic;
    view.renderMembers();
    view.renderHeader();
  }
  if (r && state.quietWho.delete(r.key)) {
    return;
  }
  const marked = r ? e.members.map((m) => `${markOf(r, m)}${m}`) : e.members;
  view.system(t('whoIs', e.room, e.members.length, marked.join(', ')), 'info');
}

function privateMessage(e) {
  const mine = fold(e.from) === fold(state.me ?? '');
  const c = conversation(mine ? e.to : e.from);
  view.appendPrivate(c.key, e);
  if (!mine && !(state.view && state.view.kind === 'dm' && state.view.key === c.key)) {
    c.unread++;
    view.renderSidebar();
  }
}

// ---- rooms and conversations ----

function room(name) {
  const key = fold(name);
  let r = state.rooms.get(key);
  if (!r) {
    r = newRoom(name);
    state.rooms.set(key, r);
    view.roomLog(key);
    view.renderSidebar();
  }
  return r;
}

function conversation(name) {
  const key = fold(name);
  let c = state.dms.get(key);
  if (!c) {
    c = { key, name, unread: 0 };
    state.dms.set(key, c);
    view.dmLog(key);
    view.renderSidebar();
  }
  return c;
}

function dropRoom(key) {
  state.rooms.delete(key);
  view.dropRoomLog(key);
  if (state.view && state.view.kind === 'room' && state.view.key === key) {
    const next = state.rooms.values().next().value;
    state.view = null;
    if (next) {
      show({ kind: 'room', key: next.key });
    } else {
      view.showView();
    }
  }
  view.renderSidebar();
}

function show(v) {
  state.view = v;
  const holder = v.kind === 'room' ? state.rooms.get(v.key) : state.dms.get(v.key);
  if (holder) {
    holder.unread = 0;
  }
  view.showView();
  if (v.kind === 'room' && holder) {
    loadEarlierIfShort(holder);
  }
}

// ---- scroll-back ----

/** Asks for the page of events before the oldest one loaded, unless one is on its way or none is older. */
function loadEarlier(r) {
  const req = conn.isOpen() && state.me !== null ? requestEarlier(r) : null;
  if (!req) {
    return;
  }
  conn.send(req);
  view.renderMarker(r);
  const asked = r.loadingBefore;
  setTimeout(() => {
    if (state.rooms.get(r.key) === r && r.loadingBefore === asked) {
      abandonEarlier(r);
      view.renderMarker(r);
    }
  }, EARLIER_TIMEOUT_MS);
}

/**
 * A viewed log too short to scroll loads earlier events by itself (the user cannot scroll up to ask),
 * checked a moment after events stop arriving so a join's replay is in first.
 */
const fills = new Set();
function loadEarlierIfShort(r) {
  if (fills.has(r.key)) {
    return;
  }
  fills.add(r.key);
  setTimeout(() => {
    fills.delete(r.key);
    if (state.view && state.view.kind === 'room' && state.view.key === r.key && state.rooms.get(r.key) === r
        && view.tooShort(r.key)) {
      loadEarlier(r);
    }
  }, 150);
}

// ---- what the user does ----

function submitName(name) {
  if (!name) {
    view.showLogin(t('chooseName'), conn.wanted);
    return;
  }
  conn.quitting = false;
  view.clearNameError();
  if (!conn.ws) {
    conn.wanted = name;
    conn.retries = 0;
    conn.connect();
  } else {
    conn.sendName(name);
  }
}

/** Signs in (or registers) over HTTP; the answer's cookie signs the next socket in, so start one. */
async function submitAccount(name, password, register) {
  if (!name || !password) {
    view.accountError(t(name ? 'password' : 'accountName'));
    return;
  }
  let res;
  try {
    res = await fetch(register ? 'account' : 'session', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name, password }),
      credentials: 'same-origin',
    });
  } catch {
    view.accountError(t('unreachable'));
    return;
  }
  const answer = await res.json().catch(() => ({}));
  if (!res.ok) {
    view.accountError(answer.text ?? `${res.status}`);
    return;
  }
  view.accountSignedIn();
  conn.restart();
}

/**
 * Ends this browser's sign-in (its token, then its cookie) and starts over as a guest: the socket quits (so
 * the rooms hear a quit, not a lost connection) and the page reloads.
 */
function signOut() {
  state.account = null;
  conn.quitting = true;
  conn.send({ type: 'quit' });
  fetch('session', { method: 'DELETE', credentials: 'same-origin' }).catch(() => {}).finally(() => location.reload());
}

function submitInput(value) {
  if (!value.trim()) {
    return false;
  }
  const v = state.view;
  if (value.startsWith('/') && !value.startsWith('//')) {
    state.lastCommand = value;
    if (/^\/quit\b/i.test(value)) {
      conn.quitting = true;
    }
    if (/^\/logout\s*$/i.test(value) && state.account) {
      signOut(); // this browser's token too, or the cookie would sign the next socket straight back in
      return true;
    }
    return conn.send({ type: 'command', line: value });
  }
  const words = value.startsWith('//') ? value.slice(1) : value;
  if (v && v.kind === 'dm') {
    return conn.send({ type: 'msg', to: state.dms.get(v.key).name, text: words });
  }
  const r = v && state.rooms.get(v.key);
  return conn.send(r ? { type: 'say', room: r.name, text: words } : { type: 'say', text: words });
}

view.bind(state, {
  submitName,
  submitInput,
  submitAccount,
  signOut,
  join: (name) => conn.send({ type: 'join', room: name }),
  openRoom: (r) => {
    show({ kind: 'room', key: r.key });
    conn.send({ type: 'join', room: r.name }); // makes it the server's current room, where /me and /topic go
  },
  openDm: (c) => show({ kind: 'dm', key: c.key }),
  openMember: (n) => {
    if (n !== state.me) {
      show({ kind: 'dm', key: conversation(n).key });
    }
  },
  nearTop: (key) => {
    const r = state.rooms.get(key);
    if (r) {
      loadEarlier(r);
    }
  },
});
// Nothing is shown until the socket says what to: a prompt shows the forms; a session cookie's sign-in goes
// straight to the chat, so a reload of a signed-in page never flashes the forms.
conn.connect();
