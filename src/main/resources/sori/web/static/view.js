// The DOM: one log per room and per conversation, the sidebar, the header, the member list, the name form
// and the account form.
// Rooms' contents come from the store; this module only draws them and keeps the scroll where the user
// looks: at the bottom while they are there, on the same lines when older ones are put above.
import { LANG, moderationText, t } from './texts.js';
import { hasMore, markOf } from './store.js';

const $ = (id) => document.getElementById(id);
const timeFormat = new Intl.DateTimeFormat(LANG, { hour: '2-digit', minute: '2-digit' });
const fullFormat = new Intl.DateTimeFormat(LANG, { dateStyle: 'medium', timeStyle: 'medium' });
/** Within this many pixels of an end counts as being there. */
const SLACK = 40;

let state;      // the page's state (app.js): view, rooms, dms, me
let handlers;   // what the user's actions call: nearTop(roomKey), openRoom(room), openDm(conv), …
const logs = new Map();         // 'room:key' or 'dm:key' -> <ol>
const nodes = new WeakMap();    // store entry -> <li>
const autoTop = new WeakMap();  // <ol> -> the scrollTop this module set last: its scroll events are not the user's
const pinned = new WeakMap();   // <ol> -> {node, top}: the line kept in place and where, until the user scrolls

/** Scrolls `log` to `top`, remembering it was us. */
function scrollTo(log, top) {
  log.scrollTop = top;
  autoTop.set(log, log.scrollTop);
}

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
  $('account-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    $('account-error').textContent = '';
    h.submitAccount($('account-name').value.trim(), $('account-password').value,
      $('account-form').dataset.mode === 'register');
  });
  $('account-mode').addEventListener('click', () => {
    accountMode($('account-form').dataset.mode === 'register' ? 'signin' : 'register');
  });
  $('sign-out').addEventListener('click', () => h.signOut());
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
    const ours = autoTop.get(log) === log.scrollTop;
    autoTop.delete(log);
    if (!ours) {
      pinned.delete(log);
    }
    if (log.dataset.room && log.scrollTop < SLACK && !ours) {
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

/** The first line whose top is on screen (a room's marker aside): the one to keep in place. */
function anchorOf(log) {
  const top = log.getBoundingClientRect().top;
  const items = log.children;
  let lo = log.dataset.room ? 1 : 0;
  let hi = items.length - 1;
  let found = null;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (items[mid].getBoundingClientRect().top >= top) {
      found = items[mid];
      hi = mid - 1;
    } else {
      lo = mid + 1;
    }
  }
  return found;
}

/**
 * Runs `change` (lines put in, the marker changed) keeping the user's place: the first line on screen
 * stays where it is when something is put above it, and a log read at its bottom stays at the bottom.
 */
function keepPlace(log, change) {
  if (log.hidden) {
    change();
    return;
  }
  const bottom = atBottom(log);
  const anchor = anchorOf(log);
  // Where the anchor should be: measured, or, for the same line as last time, where it was meant to be
  // then, so that whole-pixel scroll positions do not add up to a drift over many lines.
  const pin = pinned.get(log);
  const was = !anchor ? 0 : pin && pin.node === anchor ? pin.top : anchor.getBoundingClientRect().top;
  change();
  const moved = anchor && anchor.isConnected ? anchor.getBoundingClientRect().top - was : 0;
  if (Math.abs(moved) >= 0.5) {
    scrollTo(log, log.scrollTop + moved);
    pinned.set(log, { node: anchor, top: was });
  } else if (bottom) {
    scrollTo(log, log.scrollHeight);
  }
}

function insert(log, li, beforeNode) {
  keepPlace(log, () => log.insertBefore(li, beforeNode));
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
    case 'moderated': li.append(text(moderationText(e))); break;
  }
  nodes.set(entry, li);
  const log = roomLog(room.key);
  insert(log, li, next ? nodes.get(next) ?? null : null);
}

/** The line at the top of a room's log: loading older events, or the room's very beginning. */
export function renderMarker(room) {
  const log = roomLog(room.key);
  const marker = log.firstElementChild;
  const [state, text] = room.loadingBefore ? ['loading', t('loadingEarlier')]
    : room.minSeq > 0 && !hasMore(room) ? ['beginning', t('beginning', room.name)] : ['', ''];
  if (marker.dataset.state !== state || marker.textContent !== text) {
    keepPlace(log, () => {
      marker.dataset.state = state;
      marker.textContent = text;
      marker.hidden = !state;
    });
  }
}

/** True when a viewed room's log is too short to scroll, so the user cannot scroll up for more. */
export function tooShort(key) {
  const log = logs.get(`room:${key}`);
  return Boolean(log) && !log.hidden && log.scrollHeight <= log.clientHeight + 1;
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
    scrollTo(shown, shown.scrollHeight);
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
  fill($('members'), names.map((n) => ({ name: n, unread: 0 })), (m) => `${markOf(r, m.name)}${m.name}`, () => false,
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

/** The forms, when neither they nor the chat are shown yet (the page's first socket did not get through). */
export function showLoginIfBlank() {
  if ($('login').hidden && $('chat').hidden) {
    showLogin(undefined, null);
  }
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
  if (!$('account-form').contains(document.activeElement)) {
    $('name').focus();
  }
}

/** Sign in to an existing account, or register a new one: the words, and what a password manager offers. */
function accountMode(mode) {
  const register = mode === 'register';
  $('account-form').dataset.mode = mode;
  $('account-title').textContent = t(register ? 'registerTitle' : 'signInTitle');
  $('account-submit').textContent = t(register ? 'register' : 'signIn');
  $('account-mode').textContent = t(register ? 'wantSignIn' : 'wantRegister');
  $('account-password').autocomplete = register ? 'new-password' : 'current-password';
  $('account-error').textContent = '';
}

/** The name asked for is an account: the sign-in form, with the name filled in and the password to type. */
export function offerSignIn(name) {
  accountMode('signin');
  $('account-name').value = name;
  $('account-password').focus();
}

export function accountError(message) {
  $('account-error').textContent = message;
  $('account-password').setAttribute('aria-invalid', 'true');
  $('account-password').focus();
}

/** Signed in over HTTP: the password leaves the page; the socket that follows brings the chat. */
export function accountSignedIn() {
  $('account-password').value = '';
  $('account-password').setAttribute('aria-invalid', 'false');
  $('account-error').textContent = '';
}

/** Shows whether the page is signed in to an account, with the sign-out button. */
export function setAccount(name) {
  $('signed-in').hidden = !name;
  $('sign-out').hidden = !name;
}

export function clearNameError() {
  $('name-error').textContent = '';
}

export function status(message, offline) {
  $('status').textContent = message;
  $('login-status').textContent = message;
  document.body.classList.toggle('offline', Boolean(offline));
}
