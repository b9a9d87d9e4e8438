// Unit tests of the page's pure store (src/main/resources/sori/web/static/store.js), run by `node --test`
// (NodeUnitTest runs them in ./mvnw verify). No browser, no server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  abandonEarlier, addEvent, contiguousEnd, hasMore, historyEnd, newRoom, requestEarlier, requestSince,
  resumeRequests, seqs, suspend,
} from '../../main/resources/sori/web/static/store.js';

const said = (seq, room = 'dev', time = 1000 + seq) => ({ type: 'said', room, seq, time, name: 'jun', text: `m${seq}` });
const range = (from, to) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

test('events out of order are shown in seq order, each seq once', () => {
  const r = newRoom('dev');
  for (const s of [3, 1, 2, 2, 3, 1, 5, 4]) {
    addEvent(r, said(s));
  }
  assert.deepEqual(seqs(r), [1, 2, 3, 4, 5]);
  assert.equal(r.maxSeq, 5);
  assert.equal(r.minSeq, 1);
});

test('a duplicate seq is refused and a new one says which entry it goes before', () => {
  const r = newRoom('dev');
  addEvent(r, said(10));
  const placed = addEvent(r, said(12));
  assert.equal(placed.next, null);
  const middle = addEvent(r, said(11));
  assert.equal(middle.next.seq, 12);
  assert.equal(addEvent(r, said(11)), null);
  assert.equal(addEvent(r, said(11), true), null);
});

test('a join replay overlapping live events shows each event once and keeps the live ones live', () => {
  const r = newRoom('dev');
  addEvent(r, said(21));
  addEvent(r, said(22));
  for (const s of range(3, 22)) {
    addEvent(r, said(s), true);
  }
  assert.deepEqual(seqs(r), range(3, 22));
  assert.equal(r.entries.find((e) => e.seq === 21).replayed, false);
  assert.equal(r.entries.find((e) => e.seq === 20).replayed, true);
});

test('older pages are prepended before what is loaded, one request at a time', () => {
  const r = newRoom('dev');
  for (const s of range(81, 100)) {
    addEvent(r, said(s), true);
  }
  assert.equal(hasMore(r), true, 'seq 1 is not loaded, so older events exist');
  assert.deepEqual(requestEarlier(r), { type: 'history', room: 'dev', before: 81, count: 50 });
  assert.equal(requestEarlier(r), null, 'one scroll-back at a time');
  for (const s of range(31, 80)) {
    // The page comes oldest first: each goes before the oldest event loaded when it was asked for.
    assert.equal(addEvent(r, said(s), true).next.seq, 81);
  }
  assert.equal(historyEnd(r, true), null);
  assert.equal(r.loadingBefore, 0);
  assert.equal(hasMore(r), true);
  assert.deepEqual(requestEarlier(r, 50), { type: 'history', room: 'dev', before: 31, count: 50 });
  for (const s of range(1, 30)) {
    addEvent(r, said(s), true);
  }
  historyEnd(r, false);
  assert.equal(hasMore(r), false);
  assert.equal(requestEarlier(r), null, 'nothing before seq 1');
  assert.deepEqual(seqs(r), range(1, 100));
});

test('more=false stops scroll-back even when seq 1 was never seen (history pruned)', () => {
  const r = newRoom('dev');
  addEvent(r, said(500));
  requestEarlier(r);
  addEvent(r, said(499), true);
  historyEnd(r, false);
  assert.equal(hasMore(r), false);
  assert.equal(requestEarlier(r), null);
});

test('more=true with nothing older received stops asking rather than loop', () => {
  const r = newRoom('dev');
  addEvent(r, said(40));
  requestEarlier(r);
  historyEnd(r, true);
  assert.equal(hasMore(r), false);
});

test('a scroll-back with no history_end in time is abandoned', () => {
  const r = newRoom('dev');
  addEvent(r, said(40));
  requestEarlier(r);
  for (const s of range(30, 39)) {
    addEvent(r, said(s), true);
  }
  abandonEarlier(r);
  assert.equal(r.loadingBefore, 0);
  assert.equal(r.pending.length, 0);
  assert.equal(hasMore(r), true, 'it did bring older events, so the next scroll may ask again');
  requestEarlier(r);
  abandonEarlier(r);
  assert.equal(hasMore(r), false, 'nothing came this time');
});

test('a catch-up cut short by its limit continues after the last seq received, then stops', () => {
  const r = newRoom('dev');
  for (const s of range(1, 10)) {
    addEvent(r, said(s));
  }
  assert.deepEqual(requestSince(r, 10), { type: 'history', room: 'dev', since: 10 });
  for (const s of range(11, 14)) {
    addEvent(r, said(s), true);
  }
  addEvent(r, said(30)); // a live event already past the gap must not move where the catch-up goes on
  assert.deepEqual(historyEnd(r, true), { type: 'history', room: 'dev', since: 14 });
  for (const s of range(15, 29)) {
    addEvent(r, said(s), true);
  }
  assert.equal(historyEnd(r, false), null);
  assert.deepEqual(seqs(r), range(1, 30));
  assert.equal(contiguousEnd(r, 10), 30);
});

test('history_end answers requests in the order they were sent', () => {
  const r = newRoom('dev');
  for (const s of range(50, 60)) {
    addEvent(r, said(s));
  }
  requestSince(r, 60);
  requestEarlier(r);
  assert.equal(historyEnd(r, false), null); // ends the catch-up
  assert.equal(r.loadingBefore, 50, 'the scroll-back is still on its way');
  historyEnd(r, true);
  assert.equal(r.loadingBefore, 0);
  assert.equal(historyEnd(r, true), null, 'an end with nothing pending (a typed /history) is ignored');
});

test('a seq seen again with another time starts a new epoch shown after the old one', () => {
  const r = newRoom('dev');
  for (const s of range(1, 5)) {
    addEvent(r, said(s));
  }
  addEvent(r, said(1, 'dev', 99999)); // a server without durable store restarted and made the room anew
  addEvent(r, said(2, 'dev', 99999 + 2));
  assert.deepEqual(seqs(r), [1, 2, 3, 4, 5, 1, 2]);
  assert.equal(r.maxSeq, 2);
});

test('resuming joins every room, the viewed one last, then asks each for what followed its last seq', () => {
  const rooms = new Map();
  for (const [name, last] of [['lobby', 12], ['dev', 7], ['ops', 0]]) {
    const r = newRoom(name);
    for (const s of last ? range(1, last) : []) {
      addEvent(r, said(s, name));
    }
    rooms.set(r.key, r);
  }
  suspend(rooms);
  addEvent(rooms.get('dev'), said(20, 'dev')); // a live event after the new join must not move the start
  assert.deepEqual(resumeRequests(rooms, 'lobby', 'dev'), [
    { type: 'join', room: 'ops' },
    { type: 'join', room: 'dev' },
    { type: 'history', room: 'lobby', since: 12 },
    { type: 'history', room: 'dev', since: 7 },
  ]);
});

test('resuming while viewing the first room makes it current again after the other joins', () => {
  const rooms = new Map([['lobby', newRoom('lobby')], ['dev', newRoom('dev')]]);
  suspend(rooms);
  assert.deepEqual(resumeRequests(rooms, 'lobby', 'lobby'), [
    { type: 'join', room: 'dev' },
    { type: 'join', room: 'lobby' },
  ]);
});
