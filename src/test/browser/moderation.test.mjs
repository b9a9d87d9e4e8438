// Unit tests of how the page follows moderation: member marks (store.js) and the lines it shows (texts.js).
// Run by `node --test` (PageUnitTest in ./mvnw verify). No browser, no server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyModeration, markOf, newRoom, renameMarks, ROOM_EVENTS } from '../../main/resources/sori/web/static/store.js';
import { moderationText } from '../../main/resources/sori/web/static/texts.js';

const mod = (action, fields = {}) => ({ type: 'moderated', room: 'dev', seq: 1, time: 1, name: 'mina', action, ...fields });

test('moderated is a room event, folded in by seq like the others', () => {
  assert.ok(ROOM_EVENTS.has('moderated'));
});

test('founder, operators and voiced members are marked as IRC marks them, and follow the events', () => {
  const r = newRoom('dev');
  r.members = ['mina', 'jun', 'bob'];
  applyModeration(r, mod('claim'));
  applyModeration(r, mod('voice', { target: 'Bob' }));
  assert.deepEqual(r.members.map((m) => markOf(r, m)), ['@', '', '+']);
  applyModeration(r, mod('op', { target: 'bob' }));
  assert.equal(markOf(r, 'bob'), '@');
  assert.deepEqual(r.voiced, []);
  applyModeration(r, mod('deop', { target: 'bob' }));
  assert.equal(markOf(r, 'bob'), '');
  renameMarks(r, 'mina', 'mina_k');
  assert.equal(markOf(r, 'mina_k'), '@');
});

test('a kick takes the member out, and says when it was me', () => {
  const r = newRoom('dev');
  r.members = ['mina', 'jun'];
  assert.equal(applyModeration(r, mod('kick', { target: 'jun' }), 'mina'), false);
  assert.deepEqual(r.members, ['mina']);
  assert.equal(applyModeration(r, mod('kick', { target: 'MINA' }), 'mina'), true);
});

test('every action reads as a line, with how long and why when given', () => {
  assert.equal(moderationText(mod('kick', { target: 'bob', reason: 'spam' })), 'bob was kicked by mina (spam)');
  assert.equal(moderationText(mod('ban', { target: 'spam*', detail: '7d' })), 'mina banned spam* for 7d');
  assert.equal(moderationText(mod('mode', { detail: '+m' })), 'mina set mode +m');
  assert.equal(moderationText(mod('claim')), 'mina is now the founder of #dev');
  for (const action of ['claim', 'op', 'deop', 'voice', 'devoice', 'kick', 'ban', 'unban', 'mute', 'unmute', 'invite',
    'mode']) {
    assert.doesNotMatch(moderationText(mod(action, { target: 'bob', detail: '1h' })), /^mod[A-Z]/, action);
  }
});
