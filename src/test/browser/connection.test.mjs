// Unit tests of the page's reconnect and catch-up (src/main/resources/sori/web/static/connection.js), with
// a fake WebSocket and a fake clock, run by `node --test`. The server is played by the test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createConnection } from '../../main/resources/sori/web/static/connection.js';
import { addEvent, fold, newRoom, seqs } from '../../main/resources/sori/web/static/store.js';

const range = (from, to) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** A page without a DOM: the connection, the rooms it resumes, and a fake socket and clock. */
function page() {
  const sockets = [];
  const timers = [];
  class FakeSocket {
    constructor(url) {
      this.url = url;
      this.readyState = 0;
      this.sent = [];
      sockets.push(this);
    }
    send(data) {
      this.sent.push(JSON.parse(data));
    }
    open() {
      this.readyState = 1;
      this.onopen();
    }
    /** The server sends `events`. */
    deliver(...events) {
      for (const e of events) {
        this.onmessage({ data: JSON.stringify(e) });
      }
    }
    drop(code = 1006) {
      this.readyState = 3;
      this.onclose({ code });
    }
    /** The page closes it; the test then says when the close arrives (drop). */
    close(code) {
      this.readyState = 2;
      this.closedWith = code;
    }
    take() {
      return this.sent.splice(0);
    }
  }
  const rooms = new Map();
  const statuses = [];
  const events = [];
  let viewed = null;
  const conn = createConnection({
    url: 'ws://sori/ws',
    WebSocket: FakeSocket,
    rooms,
    viewedRoom: () => viewed,
    setTimeout: (fn, ms) => timers.push({ fn, ms }),
    random: () => 0.5,
    onStatus: (s) => statuses.push(s),
    // What app.js does with room events, minus the DOM.
    onEvent: (e) => {
      events.push(e);
      const ev = e.type === 'replayed' ? e.event : e;
      if (ev.seq !== undefined || e.type === 'welcome') {
        const name = ev.room;
        if (!rooms.has(fold(name))) {
          rooms.set(fold(name), newRoom(name));
        }
        if (ev.seq !== undefined) {
          addEvent(rooms.get(fold(name)), ev, e.type === 'replayed');
        }
      }
    },
  });
  return {
    conn, rooms, sockets, timers, statuses, events,
    view: (key) => { viewed = key; },
    socket: () => sockets.at(-1),
    /** Runs the timer set last (the reconnect, or a name retry). */
    tick: () => timers.pop().fn(),
  };
}

let clock = 1_000_000;
const said = (room, seq, text = `${room} ${seq}`) => ({ type: 'said', room, seq, time: clock + seq, name: 'jun', text });
const replayed = (e) => ({ type: 'replayed', event: e });
const welcome = (name) => ({ type: 'welcome', name, room: 'lobby', members: [name], count: 1 });

/** Connects p as mina and has the server welcome her. */
function enter(p) {
  p.conn.wanted = 'mina';
  p.conn.connect();
  p.socket().open();
  assert.deepEqual(p.socket().take(), [{ type: 'name', name: 'mina' }]);
  p.socket().deliver(welcome('mina'));
}

test('a first welcome asks for no history', () => {
  const p = page();
  enter(p);
  assert.deepEqual(p.socket().take(), []);
});

test('after a restart the page names itself again, rejoins, and fills exactly the gap, repeating while more', () => {
  const p = page();
  enter(p);
  const first = p.socket();
  first.deliver(...range(1, 10).map((s) => said('lobby', s)));
  first.deliver({ type: 'joined', room: 'dev', seq: 1, time: clock, name: 'mina' }, said('dev', 2), said('dev', 3));
  p.view('dev');

  // The server restarts: the socket closes, the page waits 0.5 s (jitter 1.0 here) and connects again.
  first.drop();
  assert.equal(p.timers.at(-1).ms, 500);
  assert.equal(p.statuses.at(-1).online, false);
  p.tick();
  const second = p.socket();
  assert.notEqual(second, first);
  second.open();
  assert.deepEqual(second.take(), [{ type: 'name', name: 'mina' }]);

  // Meanwhile others talked: lobby reached 2010 and dev 6. The welcome's lobby replay overlaps nothing.
  second.deliver(welcome('mina'), ...range(1991, 2010).map((s) => replayed(said('lobby', s))));
  assert.deepEqual(second.take(), [
    { type: 'join', room: 'dev' },
    { type: 'history', room: 'lobby', since: 10 },
    { type: 'history', room: 'dev', since: 3 },
  ]);
  // The join of dev: the joined event, then its replay, which overlaps the catch-up below.
  second.deliver({ type: 'joined', room: 'dev', seq: 7, time: clock + 7, name: 'mina' },
    ...range(2, 6).map((s) => replayed(said('dev', s))));
  // The lobby's catch-up is cut at 1000 events; a live line arrives in the middle of it.
  second.deliver(...range(11, 1010).map((s) => replayed(said('lobby', s))));
  second.deliver(said('lobby', 2011));
  second.deliver({ type: 'history_end', room: 'lobby', more: true });
  assert.deepEqual(second.take(), [{ type: 'history', room: 'lobby', since: 1010 }]);
  second.deliver(...range(4, 6).map((s) => replayed(said('dev', s))), { type: 'history_end', room: 'dev', more: false });
  second.deliver(...range(1011, 1990).map((s) => replayed(said('lobby', s))));
  second.deliver({ type: 'history_end', room: 'lobby', more: false });
  assert.deepEqual(second.take(), [], 'the gap is filled: nothing more to ask');

  assert.deepEqual(seqs(p.rooms.get('lobby')), range(1, 2011), 'every lobby event once, in order');
  assert.deepEqual(seqs(p.rooms.get('dev')), range(1, 7), 'every dev event once, in order');
});

test('a restart (close 1012) reconnects sooner and keeps the waits short until the server is back', () => {
  const p = page();
  enter(p);
  p.socket().deliver({ type: 'goodbye', text: '* The server is restarting. Reconnect in a moment.' });
  p.socket().drop(1012);
  assert.equal(p.timers.at(-1).ms, 250);
  const waits = [];
  for (let i = 0; i < 5; i++) {
    p.tick();
    p.socket().drop(); // the server is not up yet
    waits.push(p.timers.at(-1).ms);
  }
  assert.deepEqual(waits, [500, 1000, 2000, 2000, 2000]);
  p.tick();
  p.socket().open();
  assert.deepEqual(p.socket().take(), [{ type: 'name', name: 'mina' }]);
  p.socket().deliver(welcome('mina'));
  p.socket().drop(); // an ordinary drop later backs off as before
  assert.equal(p.timers.at(-1).ms, 500);
});

test('a catch-up that brings nothing although more is said does not ask forever', () => {
  const p = page();
  enter(p);
  p.socket().deliver(said('lobby', 1), said('lobby', 2));
  p.socket().drop();
  p.tick();
  p.socket().open();
  p.socket().take();
  p.socket().deliver(welcome('mina'));
  assert.deepEqual(p.socket().take(), [{ type: 'history', room: 'lobby', since: 2 }]);
  p.socket().deliver({ type: 'history_end', room: 'lobby', more: true });
  assert.deepEqual(p.socket().take(), []);
});

test('reconnects back off exponentially with jitter up to 10 s, and start over after a welcome', () => {
  const p = page();
  p.conn.wanted = 'mina';
  p.conn.connect();
  const delays = [];
  for (let i = 0; i < 7; i++) {
    p.socket().drop();
    delays.push(p.timers.at(-1).ms);
    p.tick();
  }
  assert.deepEqual(delays, [500, 1000, 2000, 4000, 8000, 10000, 10000]);
  p.socket().open();
  p.socket().deliver(welcome('mina'));
  p.socket().drop();
  assert.equal(p.timers.at(-1).ms, 500);
});

test('while resuming, name.taken (the old socket not yet gone) is retried, not shown', () => {
  const p = page();
  enter(p);
  p.socket().drop();
  p.tick();
  p.socket().open();
  p.socket().take();
  p.socket().deliver({ type: 'error', code: 'name.taken', text: 'taken' });
  assert.equal(p.timers.at(-1).ms, 1000);
  assert.equal(p.statuses.at(-1).waitingName, true);
  p.tick();
  assert.deepEqual(p.socket().take(), [{ type: 'name', name: 'mina' }]);
  assert.equal(p.events.some((e) => e.type === 'error'), false, 'the page shows no error');
});

test('after /quit the page does not reconnect', () => {
  const p = page();
  enter(p);
  p.conn.quitting = true;
  p.socket().deliver({ type: 'goodbye', text: 'Bye.' });
  p.socket().drop();
  assert.equal(p.timers.length, 0);
  assert.equal(p.conn.wanted, null);
});

test('after a sign-in the page starts a fresh socket at once that sends no name: the cookie names it', () => {
  const p = page();
  p.conn.connect();
  const guest = p.socket();
  guest.open();
  guest.deliver({ type: 'prompt' });
  p.conn.restart();
  assert.equal(guest.closedWith, 1000);
  guest.drop(1000);
  assert.equal(p.timers.length, 0, 'no backoff: a new socket at once');
  const signedIn = p.socket();
  assert.notEqual(signedIn, guest);
  signedIn.open();
  assert.deepEqual(signedIn.take(), []);
  signedIn.deliver({ type: 'account', name: 'mina' }, welcome('mina'), said('lobby', 1));
  assert.equal(p.conn.account, 'mina');
  assert.deepEqual(signedIn.take(), [], 'nothing to resume: a fresh start');
  assert.deepEqual(p.events.map((e) => e.type), ['prompt', 'account', 'welcome', 'said']);
});

test('a signed-in page reconnects without a name and catches up as a guest page does', () => {
  const p = page();
  p.conn.connect();
  p.socket().open();
  p.socket().deliver({ type: 'account', name: 'mina' }, welcome('mina'), said('lobby', 1), said('lobby', 2));
  p.socket().drop();
  p.tick();
  const again = p.socket();
  again.open();
  assert.deepEqual(again.take(), [], 'the cookie signs it in: no name');
  again.deliver({ type: 'account', name: 'mina' }, welcome('mina'));
  assert.deepEqual(again.take(), [{ type: 'history', room: 'lobby', since: 2 }]);
});

test('signed in, a reconnect meeting the old socket still on attaches and fills the gap of the account\'s rooms', () => {
  const p = page();
  p.conn.connect();
  p.socket().open();
  p.socket().deliver({ type: 'account', name: 'mina' }, welcome('mina'), said('lobby', 1), said('lobby', 2),
    { type: 'joined', room: 'dev', seq: 1, time: clock, name: 'mina' }, { type: 'joined', room: 'ops', seq: 4, time: clock, name: 'mina' });
  p.view('dev');
  p.socket().drop();
  p.tick();
  const again = p.socket();
  again.open();
  assert.deepEqual(again.take(), [], 'the cookie signs it in: no name');
  again.deliver({ type: 'account', name: 'mina' }, { type: 'attached', name: 'mina', rooms: ['lobby', 'dev'], connections: 2 },
    { type: 'switched', room: 'lobby' });
  assert.equal(again.closedWith, undefined, 'no retry: the old socket holding the account is no obstacle');
  assert.deepEqual(again.take(), [
    { type: 'join', room: 'dev' },
    { type: 'history', room: 'lobby', since: 2 },
    { type: 'history', room: 'dev', since: 1 },
  ], 'the viewed room current again; ops, left meanwhile by another connection, is not asked for');
  assert.equal(p.statuses.some((s) => s.waitingName), false);
});

test('a reloaded page whose cookie meets the account already on attaches at once, asking for nothing', () => {
  const p = page();
  p.conn.connect();
  p.socket().open();
  assert.deepEqual(p.socket().take(), [], 'no name: the cookie signs it in');
  p.socket().deliver({ type: 'account', name: 'mina' }, { type: 'attached', name: 'mina', rooms: ['lobby'], connections: 2 },
    { type: 'switched', room: 'lobby' });
  assert.equal(p.socket().closedWith, undefined);
  assert.deepEqual(p.events.map((e) => e.type), ['account', 'attached', 'switched']);
  assert.deepEqual(p.socket().take(), []);
  assert.equal(p.conn.welcomed, true);
});

test('signed in, a name held by a guest (not the account) is shown with the prompt, not retried', () => {
  const p = page();
  p.conn.connect();
  p.socket().open();
  p.socket().deliver({ type: 'error', code: 'name.taken', text: 'error: the name mina is taken; choose another.' },
    { type: 'prompt' });
  assert.equal(p.socket().closedWith, undefined);
  assert.deepEqual(p.events.map((e) => e.type), ['error', 'prompt']);
});

test('a cookie that no longer signs in (expired, revoked) leaves the page a guest at the name prompt', () => {
  const p = page();
  p.conn.connect();
  p.socket().open();
  p.socket().deliver({ type: 'account', name: 'mina' }, welcome('mina'));
  p.socket().drop();
  p.tick();
  p.socket().open();
  p.socket().deliver({ type: 'prompt' });
  assert.equal(p.conn.account, null);
  assert.equal(p.events.at(-1).type, 'prompt');
});

test('a name the user typed and the server refused is shown, not retried', () => {
  const p = page();
  enter(p);
  const q = page();
  q.conn.wanted = 'mina';
  q.conn.connect();
  q.socket().open();
  q.socket().take();
  q.socket().deliver({ type: 'error', code: 'name.taken', text: 'taken' }, { type: 'prompt' });
  assert.equal(q.socket().closedWith, undefined);
  assert.deepEqual(q.events.map((e) => e.type), ['error', 'prompt']);
});
