// sori's chat page: one WebSocket speaking the JSON protocol of docs/protocol.md. No framework, no build.
'use strict';

const TEXTS = {
  en: {
    chooseName: 'Choose a name', enter: 'Enter', nameHint: 'Letters, digits, _ - and . — up to 32.',
    rooms: 'Rooms', members: 'Members', direct: 'Direct messages', youAre: 'You are', send: 'Send',
    joinPlaceholder: '+ join a room', inputPlaceholder: 'Message, or /help for commands',
    dmPlaceholder: 'Private message to {0}',
    joined: '{0} joined #{1}', left: '{0} left #{1}', leftReason: '{0} left #{1} ({2})',
    quit: '{0} quit', quitReason: '{0} quit ({1})', lost: '{0} lost the connection',
    kicked: '{0} was disconnected (not reading)', shutdown: '{0} left (server shutting down)',
    renamed: '{0} is now {1}', topicSet: '{0} set the topic: {1}', noTopic: 'no topic',
    topicIs: 'Topic of #{0}: {1}', whoIs: 'In #{0} ({1}): {2}', roomsHead: '{0} rooms:',
    roomLine: '#{0} ({1}) {2}', helpHead: 'Commands:', history: 'earlier',
    connecting: 'connecting…', online: '', offline: 'offline — retrying in {0} s',
    reconnected: 'Reconnected; missed messages filled in from history.',
    waitingName: 'waiting for the old connection to end…',
  },
  ko: {
    chooseName: '이름을 정하세요', enter: '입장', nameHint: '글자, 숫자, _ - . 로 32자까지.',
    rooms: '방', members: '참여자', direct: '개인 메시지', youAre: '내 이름', send: '보내기',
    joinPlaceholder: '+ 방 들어가기', inputPlaceholder: '메시지, 또는 /help 로 명령어 보기',
    dmPlaceholder: '{0}님에게 개인 메시지',
    joined: '{0}님이 #{1}에 들어왔습니다', left: '{0}님이 #{1}에서 나갔습니다',
    leftReason: '{0}님이 #{1}에서 나갔습니다 ({2})',
    quit: '{0}님이 떠났습니다', quitReason: '{0}님이 떠났습니다 ({1})', lost: '{0}님의 연결이 끊겼습니다',
    kicked: '{0}님의 연결을 끊었습니다 (수신 지연)', shutdown: '{0}님이 나갔습니다 (서버 종료)',
    renamed: '{0}님의 이름이 {1}(으)로 바뀌었습니다', topicSet: '{0}님이 주제를 정했습니다: {1}',
    noTopic: '주제 없음', topicIs: '#{0} 주제: {1}', whoIs: '#{0} 참여자 ({1}): {2}', roomsHead: '방 {0}개:',
    roomLine: '#{0} ({1}명) {2}', helpHead: '명령어:', history: '이전 기록',
    connecting: '연결 중…', online: '', offline: '연결 끊김 — {0}초 후 다시 연결',
    reconnected: '다시 연결했습니다. 놓친 메시지를 기록에서 채웠습니다.',
    waitingName: '이전 연결이 끝나기를 기다리는 중…',
  },
};
const LANG = (navigator.languages && navigator.languages[0] || navigator.language || 'en')
  .toLowerCase().startsWith('ko') ? 'ko' : 'en';
const T = TEXTS[LANG];
const t = (key, ...args) => (T[key] ?? TEXTS.en[key] ?? key).replace(/\{(\d)\}/g, (_, i) => args[i] ?? '');
const $ = (id) => document.getElementById(id);
const fold = (name) => name.normalize('NFKC').toLowerCase();
const timeFormat = new Intl.DateTimeFormat(LANG, { hour: '2-digit', minute: '2-digit' });
const fullFormat = new Intl.DateTimeFormat(LANG, { dateStyle: 'medium', timeStyle: 'medium' });

const state = {
  ws: null,
  me: null,            // my name, once welcomed
  wanted: null,        // the name asked for: re-sent on reconnect
  naming: false,       // a name request is on its way
  quitting: false,     // the user said /quit: do not reconnect
  retries: 0,
  nameRetries: 0,      // name.taken answers while resuming: the old connection may linger
  resuming: false,     // the next welcome follows a reconnect
  view: null,          // {kind: 'room'|'dm', key}
  serverRoom: null,    // the server's current room (where /me and /topic go)
  rooms: new Map(),    // fold(name) -> room
  dms: new Map(),      // fold(name) -> conversation
  quietWho: new Set(), // rooms whose next who answer only refreshes the member list
};

// ---- connection ----

function connect() {
  const url = new URL('ws', location.href);
  url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  status(t('connecting'));
  const ws = new WebSocket(url);
  state.ws = ws;
  ws.onopen = () => {
    status(t('online'));
    if (state.wanted) {
      sendName(state.wanted);
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
    handle(event);
  };
  ws.onclose = () => {
    if (state.ws !== ws) {
      return;
    }
    state.ws = null;
    state.naming = false;
    for (const room of state.rooms.values()) {
      room.resumeFrom = room.maxSeq;
    }
    if (state.quitting) {
      return;
    }
    // Exponential backoff with jitter, capped at 10 s.
    const delay = Math.min(10000, 500 * 2 ** state.retries) * (0.75 + Math.random() * 0.5);
    state.retries++;
    state.resuming = state.resuming || state.me !== null;
    state.me = null;
    status(t('offline', Math.round(delay / 1000)), true);
    setTimeout(connect, delay);
  };
}

function send(obj) {
  if (state.ws && state.ws.readyState === WebSocket.OPEN) {
    state.ws.send(JSON.stringify(obj));
    return true;
  }
  return false;
}

function sendName(name) {
  state.wanted = name;
  state.naming = true;
  send({ type: 'name', name });
}

// ---- events from the server ----

function handle(e) {
  switch (e.type) {
    case 'prompt':
      if (!state.naming && state.me === null) {
        showLogin();
      }
      break;
    case 'welcome': welcome(e); break;
    case 'switched':
      state.serverRoom = e.room;
      if (e.room) {
        room(e.room);
      }
      if (e.room && !(state.view && state.view.kind === 'room' && state.view.key === fold(e.room))) {
        show({ kind: 'room', key: fold(e.room) });
      }
      break;
    case 'joined': case 'left': case 'said': case 'action': case 'renamed': case 'topic_set':
      roomEvent(e, false);
      break;
    case 'replayed': roomEvent(e.event, true); break;
    case 'private': privateMessage(e); break;
    case 'who': who(e); break;
    case 'rooms':
      system(t('roomsHead', e.rooms.length), 'info');
      for (const r of e.rooms) {
        system(t('roomLine', r.name, r.members, r.topic ?? ''), 'info');
      }
      break;
    case 'help':
      system(t('helpHead'), 'info');
      for (const c of e.commands) {
        system(`${c.usage} — ${c.text}`, 'info');
      }
      break;
    case 'topic': {
      const room = state.rooms.get(fold(e.room));
      if (room) {
        room.topic = e.topic;
        renderHeader();
      }
      system(t('topicIs', e.room, e.topic ?? t('noTopic')), 'info');
      break;
    }
    case 'notice': system(e.text, 'info'); break;
    case 'error':
      if (state.me === null && state.resuming && e.code === 'name.taken' && state.nameRetries < 12) {
        // Our old connection may not be gone yet (the server pings it out within a minute): try again.
        state.nameRetries++;
        status(t('waitingName'), true);
        setTimeout(() => send({ type: 'name', name: state.wanted }), Math.min(10000, 1000 * state.nameRetries));
      } else if (state.me === null && e.code !== 'bad_request') {
        state.naming = false;
        showLogin(e.text);
      } else {
        system(e.text, 'error');
      }
      break;
    case 'goodbye':
      system(e.text, 'info');
      if (state.quitting) {
        state.me = null;
        state.wanted = null;
        showLogin();
      }
      break;
    default:
      console.warn('unknown event', e);
  }
}

function welcome(e) {
  state.me = e.name;
  state.naming = false;
  state.retries = 0;
  state.nameRetries = 0;
  status(t('online'));
  $('login').hidden = true;
  $('chat').hidden = false;
  $('me').textContent = e.name;
  const lobby = room(e.room);
  lobby.members = e.members.slice();
  if (!state.view) {
    show({ kind: 'room', key: lobby.key });
  }
  if (state.resuming) {
    state.resuming = false;
    // Join again the rooms we were in, then ask each for what it said while we were away.
    const viewed = state.view;
    for (const r of state.rooms.values()) {
      if (r.key !== lobby.key) {
        send({ type: 'join', room: r.name });
      }
      if (r.resumeFrom > 0) {
        send({ type: 'history', room: r.name, since: r.resumeFrom });
      }
    }
    if (viewed && viewed.kind === 'room' && viewed.key !== lobby.key) {
      send({ type: 'join', room: state.rooms.get(viewed.key).name });
    }
    system(t('reconnected'), 'info');
  }
  renderSidebar();
  $('input').focus();
}

function roomEvent(e, replayed) {
  const mine = e.name === state.me && !replayed;
  if (e.type === 'left' && mine) {
    append(room(e.room), e, replayed);
    dropRoom(fold(e.room));
    return;
  }
  const r = room(e.room);
  if (!replayed) {
    switch (e.type) {
      case 'joined':
        if (mine) {
          state.quietWho.add(r.key);
          send({ type: 'who', room: r.name });
        } else if (!r.members.includes(e.name)) {
          r.members.push(e.name);
        }
        break;
      case 'left': r.members = r.members.filter((m) => m !== e.name); break;
      case 'renamed':
        r.members = r.members.map((m) => (m === e.from ? e.to : m));
        if (e.from === state.me) {
          state.me = e.to;
          state.wanted = e.to;
          $('me').textContent = e.to;
        }
        break;
      case 'topic_set': r.topic = e.topic; break;
    }
  }
  append(r, e, replayed);
  if (state.view && state.view.key === r.key && state.view.kind === 'room') {
    renderMembers();
    renderHeader();
  }
}

function who(e) {
  const r = state.rooms.get(fold(e.room));
  if (r) {
    r.members = e.members.slice();
    r.topic = e.topic;
    renderMembers();
    renderHeader();
  }
  if (r && state.quietWho.delete(r.key)) {
    return;
  }
  system(t('whoIs', e.room, e.members.length, e.members.join(', ')), 'info');
}

function privateMessage(e) {
  const mine = fold(e.from) === fold(state.me ?? '');
  const c = conversation(mine ? e.to : e.from);
  const li = line('private', e.time);
  li.append(who_(e.from), text(e.text));
  c.log.append(li);
  if (!mine && !(state.view && state.view.kind === 'dm' && state.view.key === c.key)) {
    c.unread++;
    renderSidebar();
  }
  scroll(c.log);
}

// ---- rooms, conversations and their logs ----

function room(name) {
  const key = fold(name);
  let r = state.rooms.get(key);
  if (!r) {
    r = { key, name, topic: null, members: [], seen: new Map(), base: 0, top: 0, maxSeq: 0, resumeFrom: 0,
      unread: 0, log: newLog() };
    state.rooms.set(key, r);
    renderSidebar();
  }
  return r;
}

function conversation(name) {
  const key = fold(name);
  let c = state.dms.get(key);
  if (!c) {
    c = { key, name, unread: 0, log: newLog() };
    state.dms.set(key, c);
    renderSidebar();
  }
  return c;
}

function dropRoom(key) {
  const r = state.rooms.get(key);
  state.rooms.delete(key);
  if (r) {
    r.log.remove();
  }
  if (state.view && state.view.kind === 'room' && state.view.key === key) {
    const next = state.rooms.values().next().value;
    state.view = null;
    if (next) {
      show({ kind: 'room', key: next.key });
    } else {
      renderHeader();
      renderMembers();
    }
  }
  renderSidebar();
}

function newLog() {
  const ol = document.createElement('ol');
  ol.className = 'log';
  ol.hidden = true;
  ol.setAttribute('aria-live', 'polite');
  $('logs').append(ol);
  return ol;
}

/**
 * Puts a room event in its place by sequence number: replays and live events may arrive out of order
 * around a reconnect, and one already shown is shown once. A seq seen before with another time means
 * the room was emptied and made anew, so its numbers start over after what is already shown.
 */
function append(r, e, replayed) {
  const before = r.seen.get(e.seq);
  if (before !== undefined) {
    if (before === e.time) {
      return;
    }
    r.base = r.top;
    r.seen.clear();
    r.maxSeq = 0;
  }
  r.seen.set(e.seq, e.time);
  r.maxSeq = Math.max(r.maxSeq, e.seq);
  const order = r.base + e.seq;
  r.top = Math.max(r.top, order);
  const li = line(e.type, e.time);
  li.dataset.order = order;
  li.dataset.seq = e.seq;
  if (replayed) {
    li.classList.add('replayed');
    li.title = t('history');
  }
  switch (e.type) {
    case 'said': li.append(who_(e.name), text(e.text)); break;
    case 'action': li.append(text(`* ${e.name} ${e.text}`)); break;
    case 'joined': li.append(text(t('joined', e.name, e.room))); break;
    case 'left': li.append(text(leftText(e))); break;
    case 'renamed': li.append(text(t('renamed', e.from, e.to))); break;
    case 'topic_set': li.append(text(t('topicSet', e.name, e.topic))); break;
  }
  let after = r.log.lastElementChild;
  while (after && Number(after.dataset.order) > order) {
    after = after.previousElementSibling;
  }
  if (after) {
    after.after(li);
  } else {
    r.log.prepend(li);
  }
  if (!replayed && !(state.view && state.view.kind === 'room' && state.view.key === r.key)
      && (e.type === 'said' || e.type === 'action')) {
    r.unread++;
    renderSidebar();
  }
  scroll(r.log);
}

function leftText(e) {
  switch (e.why) {
    case 'quit': return e.reason ? t('quitReason', e.name, e.reason) : t('quit', e.name);
    case 'disconnected': return t('lost', e.name);
    case 'kicked_slow': return t('kicked', e.name);
    case 'shutdown': return t('shutdown', e.name);
    default: return e.reason ? t('leftReason', e.name, e.room, e.reason) : t('left', e.name, e.room);
  }
}

/** A line that belongs to no room's order (help, errors, notices): shown where the user is looking. */
function system(message, kind) {
  const target = currentLog();
  if (!target) {
    return;
  }
  const li = line(kind, Date.now());
  li.append(text(message));
  const last = target.lastElementChild;
  li.dataset.order = last ? last.dataset.order ?? 0 : 0;
  target.append(li);
  scroll(target);
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

function who_(name) {
  const b = document.createElement('b');
  b.className = 'name';
  b.textContent = name;
  return b;
}

function text(s) {
  const span = document.createElement('span');
  span.className = 'text';
  span.textContent = s;
  return span;
}

function scroll(log) {
  if (!log.hidden) {
    log.scrollTop = log.scrollHeight;
  }
}

function currentLog() {
  if (!state.view) {
    return null;
  }
  const holder = state.view.kind === 'room' ? state.rooms.get(state.view.key) : state.dms.get(state.view.key);
  return holder ? holder.log : null;
}

// ---- what is shown ----

function show(view) {
  state.view = view;
  const holder = view.kind === 'room' ? state.rooms.get(view.key) : state.dms.get(view.key);
  for (const log of document.querySelectorAll('#logs > ol')) {
    log.hidden = !holder || log !== holder.log;
  }
  if (holder) {
    holder.unread = 0;
    scroll(holder.log);
  }
  $('input').placeholder = view.kind === 'dm' && holder ? t('dmPlaceholder', holder.name) : t('inputPlaceholder');
  document.body.classList.remove('rooms-open', 'members-open');
  renderSidebar();
  renderHeader();
  renderMembers();
}

function renderHeader() {
  const v = state.view;
  const holder = v && (v.kind === 'room' ? state.rooms.get(v.key) : state.dms.get(v.key));
  $('title').textContent = holder ? (v.kind === 'room' ? `#${holder.name}` : `@${holder.name}`) : '';
  $('topic').textContent = holder && v.kind === 'room' ? holder.topic ?? '' : '';
  document.title = holder ? `${$('title').textContent} — sori` : 'sori';
}

function renderSidebar() {
  fill($('rooms'), [...state.rooms.values()], (r) => `#${r.name}`, (r) => state.view?.kind === 'room'
    && state.view.key === r.key, (r) => {
    show({ kind: 'room', key: r.key });
    send({ type: 'join', room: r.name }); // makes it the server's current room, where /me and /topic go
  });
  fill($('dms'), [...state.dms.values()], (c) => `@${c.name}`, (c) => state.view?.kind === 'dm'
    && state.view.key === c.key, (c) => show({ kind: 'dm', key: c.key }));
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

function renderMembers() {
  const v = state.view;
  const r = v && v.kind === 'room' ? state.rooms.get(v.key) : null;
  const names = r ? [...r.members].sort((a, b) => a.localeCompare(b)) : [];
  fill($('members'), names.map((n) => ({ name: n, unread: 0 })), (m) => m.name, () => false, (m) => {
    if (m.name !== state.me) {
      show({ kind: 'dm', key: conversation(m.name).key });
    }
  }, (m) => m.name === state.me);
}

function showLogin(error) {
  $('chat').hidden = true;
  $('login').hidden = false;
  if (error !== undefined) { // a prompt after a refusal keeps the reason on screen
    $('name-error').textContent = error;
    $('name').setAttribute('aria-invalid', error ? 'true' : 'false');
  }
  if (state.wanted && !$('name').value) {
    $('name').value = state.wanted;
  }
  $('name').focus();
}

function status(message, offline) {
  $('status').textContent = message;
  $('login-status').textContent = message;
  document.body.classList.toggle('offline', Boolean(offline));
}

// ---- what the user does ----

function submitInput(ev) {
  ev.preventDefault();
  const input = $('input');
  const value = input.value;
  if (!value.trim()) {
    return;
  }
  const v = state.view;
  let sent;
  if (value.startsWith('/') && !value.startsWith('//')) {
    if (/^\/quit\b/i.test(value)) {
      state.quitting = true;
    }
    sent = send({ type: 'command', line: value });
  } else {
    const words = value.startsWith('//') ? value.slice(1) : value;
    if (v && v.kind === 'dm') {
      sent = send({ type: 'msg', to: state.dms.get(v.key).name, text: words });
    } else {
      const r = v && state.rooms.get(v.key);
      sent = send(r ? { type: 'say', room: r.name, text: words } : { type: 'say', text: words });
    }
  }
  if (sent) {
    input.value = '';
  }
}

function init() {
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
    const name = $('name').value.trim();
    if (!name) {
      showLogin(t('chooseName'));
      return;
    }
    state.quitting = false;
    $('name-error').textContent = '';
    if (!state.ws) {
      state.wanted = name;
      state.retries = 0;
      connect();
    } else {
      sendName(name);
    }
  });
  $('input-form').addEventListener('submit', submitInput);
  $('join-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const name = $('join-input').value.trim().replace(/^#/, '');
    if (name) {
      send({ type: 'join', room: name });
      $('join-input').value = '';
    }
  });
  for (const [button, cls] of [['toggle-rooms', 'rooms-open'], ['toggle-members', 'members-open']]) {
    $(button).addEventListener('click', () => {
      const open = document.body.classList.toggle(cls);
      $(button).setAttribute('aria-expanded', String(open));
    });
  }
  showLogin();
  connect();
}

init();
