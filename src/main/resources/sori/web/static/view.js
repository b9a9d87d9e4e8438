// The DOM: one log per room and per conversation, the sidebar, the header, the member list, the name form.
// Rooms' contents come from the store; this module only draws them and keeps the scroll where the user
// looks: at the bottom while they are there, on the same lines when older ones are put above.
import { LANG, t } from './texts.js';
import { hasMore } from './store.js';

const $ = (id) => document.getElementById(id);
const timeFormat = new Intl.DateTimeFormat(LANG, { hour: '2-digit', minute: '2-digit' });
const fullFormat = new Intl.DateTimeFormat(LANG, { dateStyle: 'medium', timeStyle: 'medium' });
/** Within this many pixels of an end counts as being there. */
const SLACK = 40;

let state;      // the page's state (app.js): view, rooms, dms, me
let handlers;   // what the user's actions call: nearTop(roomKey), openRoom(room), openDm(conv), …
const logs = new Map();         // 'room:key' or 'dm:key' -> <ol>
const nodes = new WeakMap();    // store entry -> <li>

export function bind(s, h) {
  state = s;
  handlers = h;
  document.documentElement.lang = LANG;
  for (const el of document.querySelectorAll('[data-t]')) {
    el.textContent = t(el.dataset.t);
  }
  for (const el of document.querySelectorAll('[data-t-placeholder]')) {
    el.placeholder = t(el.dataset.tPlaceholder);
  }
  for (const el of document.querySelectorAll('[data-t-label]')) {
    el.setAttribute('aria-label', t(el.dataset.tLabel));
  }
  $('name-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    h.submitName($('name').value.trim());
  });
  $('input-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (h.submitInput($('input').value)) {
      $('input').value = '';
    }
  });
  $('join-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const name = $('join-input').value.trim().replace(/^#/, '');
    if (name && h.join(name)) {
      $('join-input').value = '';
    }
  });
  for (const [button, cls] of [['toggle-rooms', 'rooms-open'], ['toggle-members', 'members-open']]) {
    $(button).addEventListener('click', () => {
      const open = document.body.classList.toggle(cls);
      $(button).setAttribute('aria-expanded', String(open));
    });
  }
  // Scrolling to the top of a room's log asks for older events (scroll does not bubble: capture it).
  $('logs').addEventListener('scroll', (ev) => {
    const log = ev.target;
    if (log.dataset.room && log.scrollTop < SLACK) {
      h.nearTop(log.dataset.room);
    }
  }, { capture: true, passive: true });
}

// ---- logs ----

function newLog(id, room) {
  const ol = document.createElement('ol');
  ol.className = 'log';
  ol.hidden = true;
  ol.setAttribute('aria-live', 'polite');
  if (room) {
    ol.dataset.room = room;
    const marker = document.createElement('li');
    marker.className = 'marker';
    marker.hidden = true;
    ol.append(marker);
  }
  $('logs').append(ol);
  logs.set(id, ol);
  return ol;
}

export function roomLog(key) {
  return logs.get(`room:${key}`) ?? newLog(`room:${key}`, key);
}

export function dmLog(key) {
  return logs.get(`dm:${key}`) ?? newLog(`dm:${key}`, null);
}

export function dropRoomLog(key) {
  logs.get(`room:${key}`)?.remove();
  logs.delete(`room:${key}`);
}

const atBottom = (log) => log.scrollHeight - log.scrollTop - log.clientHeight < SLACK;

/**
 * Inserts `li` before `beforeNode` (null: at the end), keeping the user's place: a log read at its
 * bottom stays at the bottom, and lines put above what is on screen do not move what is on screen.
 */
function insert(log, li, beforeNode) {
  if (log.hidden) {
    log.insertBefore(li, beforeNode);
    return;
  }
  const top = log.scrollTop;
  const height = log.scrollHeight;
  const bottom = atBottom(log);
  const firstEvent = log.querySelector('li[data-seq]');
  const above = beforeNode !== null && (beforeNode === firstEvent
    || beforeNode.getBoundingClientRect().top < log.getBoundingClientRect().top);
  log.insertBefore(li, beforeNode);
  if (above) {
    log.scrollTop = top + (log.scrollHeight - height);
  } else if (bottom) {
    log.scrollTop = log.scrollHeight;
  }
}

/** Draws a room event the store placed: `placed` is {entry, next} from addEvent. */
export function placeEvent(room, placed, leftText) {
  const { entry, next } = placed;
  const e = entry.event;
  const li = line(e.type, e.time);
  li.dataset.seq = e.seq;
  if (entry.replayed) {
    li.classList.add('replayed');
    li.title = t('history');
  }
  switch (e.type) {
    case 'said': li.append(name(e.name), text(e.text)); break;
    case 'action': li.append(text(`* ${e.name} ${e.text}`)); break;
    case 'joined': li.append(text(t('joined', e.name, e.room))); break;
    case 'left': li.append(text(leftText(e))); break;
    case 'renamed': li.append(text(t('renamed', e.from, e.to))); break;
    case 'topic_set': li.append(text(t('topicSet', e.name, e.topic))); break;
  }
  nodes.set(entry, li);
  const log = roomLog(room.key);
  insert(log, li, next ? nodes.get(next) ?? null : null);
}

/** The line at the top of a room's log: loading older events, or the room's very beginning. */
export function renderMarker(room) {
  const marker = roomLog(room.key).firstElementChild;
  if (room.loadingBefore) {
    marker.textContent = t('loadingEarlier');
    marker.dataset.state = 'loading';
    marker.hidden = false;
  } else if (room.minSeq > 0 && !hasMore(room)) {
    marker.textContent = t('beginning', room.name);
    marker.dataset.state = 'beginning';
    marker.hidden = false;
  } else {
    marker.dataset.state = '';
    marker.hidden = true;
  }
}

/** True when a viewed room's log is scrolled to its top or too short to scroll: time to load more. */
export function wantsEarlier(key) {
  const log = logs.get(`room:${key}`);
  return Boolean(log) && !log.hidden && log.scrollTop < SLACK;
}

export function appendPrivate(key, e) {
  const li = line('private', e.time);
  li.append(name(e.from), text(e.text));
  insert(dmLog(key), li, null);
}

/** A line that belongs to no room's order (help, errors, notices): shown where the user is looking. */
export function system(message, kind) {
  const log = currentLog();
  if (log) {
    const li = line(kind, Date.now());
    li.append(text(message));
    insert(log, li, null);
  }
}

function line(kind, time) {
  const li = document.createElement('li');
  li.className = `ev ${kind}`;
  li.dataset.kind = kind;
  const when = document.createElement('time');
  const d = new Date(time);
  when.dateTime = d.toISOString();
  when.textContent = timeFormat.format(d);
  when.title = fullFormat.format(d);
  li.append(when);
  return li;
}

function name(n) {
  const b = document.createElement('b');
  b.className = 'name';
  b.textContent = n;
  return b;
}

function text(s) {
  const span = document.createElement('span');
  span.className = 'text';
  span.textContent = s;
  return span;
}

function currentLog() {
  const v = state.view;
  if (!v) {
    return null;
  }
  return (v.kind === 'room' ? state.rooms : state.dms).has(v.key)
    ? (v.kind === 'room' ? roomLog(v.key) : dmLog(v.key)) : null;
}

// ---- what is shown ----

/** Shows the view's log (scrolled to its end) and redraws everything around it. */
export function showView() {
  const shown = currentLog();
  for (const log of logs.values()) {
    log.hidden = log !== shown;
  }
  if (shown) {
    shown.scrollTop = shown.scrollHeight;
  }
  const v = state.view;
  const holder = v && (v.kind === 'room' ? state.rooms.get(v.key) : state.dms.get(v.key));
  $('input').placeholder = v && v.kind === 'dm' && holder ? t('dmPlaceholder', holder.name) : t('inputPlaceholder');
  document.body.classList.remove('rooms-open', 'members-open');
  renderSidebar();
  renderHeader();
  renderMembers();
}

export function renderHeader() {
  const v = state.view;
  const holder = v && (v.kind === 'room' ? state.rooms.get(v.key) : state.dms.get(v.key));
  $('title').textContent = holder ? (v.kind === 'room' ? `#${holder.name}` : `@${holder.name}`) : '';
  $('topic').textContent = holder && v.kind === 'room' ? holder.topic ?? '' : '';
  document.title = holder ? `${$('title').textContent} — sori` : 'sori';
}

export function renderSidebar() {
  const v = state.view;
  fill($('rooms'), [...state.rooms.values()], (r) => `#${r.name}`,
    (r) => v?.kind === 'room' && v.key === r.key, handlers.openRoom);
  fill($('dms'), [...state.dms.values()], (c) => `@${c.name}`,
    (c) => v?.kind === 'dm' && v.key === c.key, handlers.openDm);
}

function fill(ul, items, label, active, open, mark = () => false) {
  ul.replaceChildren(...items.map((item) => {
    const li = document.createElement('li');
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = label(item);
    if (active(item)) {
      b.setAttribute('aria-current', 'true');
    }
    b.classList.toggle('self', mark(item));
    if (item.unread > 0) {
      const badge = document.createElement('span');
      badge.className = 'badge';
      badge.textContent = item.unread > 99 ? '99+' : String(item.unread);
      b.append(badge);
    }
    b.onclick = () => open(item);
    li.append(b);
    return li;
  }));
}

export function renderMembers() {
  const v = state.view;
  const r = v && v.kind === 'room' ? state.rooms.get(v.key) : null;
  const names = r ? [...r.members].sort((a, b) => a.localeCompare(b)) : [];
  fill($('members'), names.map((n) => ({ name: n, unread: 0 })), (m) => m.name, () => false,
    (m) => handlers.openMember(m.name), (m) => m.name === state.me);
}

export function showChat(me) {
  $('login').hidden = true;
  $('chat').hidden = false;
  setMe(me);
  $('input').focus();
}

export function setMe(me) {
  $('me').textContent = me;
}

export function showLogin(error, wanted) {
  $('chat').hidden = true;
  $('login').hidden = false;
  if (error !== undefined) { // a prompt after a refusal keeps the reason on screen
    $('name-error').textContent = error;
    $('name').setAttribute('aria-invalid', error ? 'true' : 'false');
  }
  if (wanted && !$('name').value) {
    $('name').value = wanted;
  }
  $('name').focus();
}

export function clearNameError() {
  $('name-error').textContent = '';
}

export function status(message, offline) {
  $('status').textContent = message;
  $('login-status').textContent = message;
  document.body.classList.toggle('offline', Boolean(offline));
}
