// The rooms as data: each room's events folded in seq order, each seq once, whatever order live events,
// join replays, catch-up and scroll-back pages arrive in; plus the bookkeeping of history requests
// (what to ask after a reconnect, whether older events exist). Pure: no DOM, no socket, so Node tests it.

/** Names compare as the server compares them: NFKC, case-insensitive. */
export const fold = (name) => name.normalize('NFKC').toLowerCase();

/** Room event types: they carry room, seq and time. */
export const ROOM_EVENTS = new Set(['joined', 'left', 'said', 'action', 'renamed', 'topic_set', 'moderated']);

/** Events asked for per scroll-back page. */
export const PAGE = 50;

/** Orders of successive epochs (a room the server made anew, seq starting over) never interleave. */
const EPOCH = 2 ** 40;

export function newRoom(name) {
  return {
    key: fold(name),
    name,
    topic: null,
    members: [],
    ops: [],            // members marked @ (founder, operators): from who, then moderated events
    voiced: [],         // members marked +
    unread: 0,
    entries: [],        // {order, seq, event, replayed}, ascending by order
    seen: new Map(),    // seq -> time, this epoch
    epoch: 0,
    maxSeq: 0,          // highest seq seen (0: none)
    minSeq: 0,          // oldest seq loaded (0: none)
    more: null,         // older events exist: true/false from the server's history_end, null if not told
    loadingBefore: 0,   // the seq a scroll-back request asked "before", while it is on its way
    pending: [],        // history requests sent and not yet ended by history_end, oldest first
    resumeFrom: 0,      // maxSeq when the socket closed: catch-up asks for what follows it
  };
}

const sameName = (a, b) => fold(a) === fold(b);
const without = (list, name) => list.filter((m) => !sameName(m, name));
const withName = (list, name) => (list.some((m) => sameName(m, name)) ? list : [...list, name]);

/**
 * Folds a live `moderated` event into the room's member list and marks. Returns true when it put `me`
 * out of the room (a kick). Marks belong to accounts, so a member who leaves keeps them for a return.
 */
export function applyModeration(room, e, me) {
  switch (e.action) {
    case 'claim': room.ops = withName(room.ops, e.name); break;
    case 'op':
      room.ops = withName(room.ops, e.target);
      room.voiced = without(room.voiced, e.target);
      break;
    case 'deop': room.ops = without(room.ops, e.target); break;
    case 'voice': room.voiced = withName(room.voiced, e.target); break;
    case 'devoice': room.voiced = without(room.voiced, e.target); break;
    case 'kick':
      room.members = without(room.members, e.target);
      return Boolean(me) && sameName(e.target, me);
    default: break;
  }
  return false;
}

/** Follows a member's new name in the marks. */
export function renameMarks(room, from, to) {
  room.ops = room.ops.map((m) => (sameName(m, from) ? to : m));
  room.voiced = room.voiced.map((m) => (sameName(m, from) ? to : m));
}

/** A member's mark in the member list, as IRC shows it: '@' founder and operators, '+' voiced, else ''. */
export function markOf(room, name) {
  return room.ops.some((m) => sameName(m, name)) ? '@' : room.voiced.some((m) => sameName(m, name)) ? '+' : '';
}

/**
 * Folds one room event into `room`. Returns null when its seq is already shown, else
 * {entry, next}: the new entry and the entry it goes before (null: it goes last).
 * A seq seen before with another time means the server made the room anew (a server without a
 * durable store, restarted): a new epoch starts, shown after everything already there.
 */
export function addEvent(room, e, replayed = false) {
  const seq = e.seq;
  const before = room.seen.get(seq);
  if (before !== undefined) {
    if (before === e.time) {
      return null;
    }
    room.epoch++;
    room.seen.clear();
    room.maxSeq = 0;
    room.minSeq = 0;
    room.more = null;
  }
  room.seen.set(seq, e.time);
  if (seq === 1) {
    room.loadingBefore = 0; // nothing is older than a room's first event, whatever the reply still holds
  }
  room.maxSeq = Math.max(room.maxSeq, seq);
  room.minSeq = room.minSeq === 0 ? seq : Math.min(room.minSeq, seq);
  const entry = { order: room.epoch * EPOCH + seq, seq, event: e, replayed };
  const list = room.entries;
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].order < entry.order) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  list.splice(lo, 0, entry);
  return { entry, next: list[lo + 1] ?? null };
}

/** The seqs shown, in order (for tests and checks). */
export const seqs = (room) => room.entries.map((x) => x.seq);

/** True while older events than the oldest loaded may exist (seq 1 is the first event a room ever had). */
export function hasMore(room) {
  return room.minSeq > 1 && room.more !== false;
}

/** The highest seq s >= from such that every seq in (from, s] is loaded: where a catch-up continues. */
export function contiguousEnd(room, from) {
  let s = from;
  while (room.seen.has(s + 1)) {
    s++;
  }
  return s;
}

/**
 * The scroll-back request for the page before the oldest loaded event, or null when none is due
 * (one already on its way, nothing loaded, or nothing older).
 */
export function requestEarlier(room, count = PAGE) {
  if (room.loadingBefore || !hasMore(room)) {
    return null;
  }
  room.loadingBefore = room.minSeq;
  room.pending.push({ kind: 'before', before: room.minSeq, epoch: room.epoch });
  return { type: 'history', room: room.name, before: room.minSeq, count };
}

/** The catch-up request for the events after `since`. */
export function requestSince(room, since) {
  room.pending.push({ kind: 'since', since, epoch: room.epoch });
  return { type: 'history', room: room.name, since };
}

/**
 * Folds in a history_end for `room`: it ends the oldest request still pending. Returns the next
 * request to send, if any: a catch-up cut short by its limit continues after the last seq received.
 */
export function historyEnd(room, more) {
  const req = room.pending.shift();
  if (!req) {
    return null; // the end of a /history typed by the user
  }
  if (req.kind === 'before') {
    room.loadingBefore = 0;
    if (req.epoch === room.epoch) {
      // No older event came although the server says there are some: stop rather than ask forever.
      room.more = Boolean(more) && room.minSeq < req.before;
    }
    return null;
  }
  if (more && req.epoch === room.epoch) {
    const next = contiguousEnd(room, req.since);
    if (next > req.since) {
      return requestSince(room, next);
    }
  }
  return null;
}

/**
 * A scroll-back request that got no history_end in time (a server that does not know `before`): it is
 * dropped, and if it brought nothing older, the page stops asking.
 */
export function abandonEarlier(room) {
  const i = room.pending.findIndex((r) => r.kind === 'before');
  if (i < 0) {
    return;
  }
  const [req] = room.pending.splice(i, 1);
  room.loadingBefore = 0;
  if (req.epoch === room.epoch && room.minSeq >= req.before) {
    room.more = false;
  }
}

/** The socket closed: remember where each room's catch-up starts; requests in flight are lost. */
export function suspend(rooms) {
  for (const r of rooms.values()) {
    r.resumeFrom = r.maxSeq;
    r.pending = [];
    r.loadingBefore = 0;
  }
}

/**
 * What to send after the welcome of a new socket: join every room one was in (the first room the
 * welcome already put us in), the viewed one last so it is the server's current room again, then
 * ask each room for what it said after the last seq seen.
 */
export function resumeRequests(rooms, lobbyKey, viewedKey) {
  const out = [];
  const others = [...rooms.values()].filter((r) => r.key !== lobbyKey);
  for (const r of others) {
    if (r.key !== viewedKey) {
      out.push({ type: 'join', room: r.name });
    }
  }
  const viewed = rooms.get(viewedKey);
  if (viewed && (viewed.key !== lobbyKey || others.length > 0)) {
    out.push({ type: 'join', room: viewed.name });
  }
  for (const r of rooms.values()) {
    if (r.resumeFrom > 0) {
      out.push(requestSince(r, r.resumeFrom));
    }
  }
  return out;
}

/**
 * What to send after a reconnect that attached to the account (its rooms are the account's, already joined):
 * the viewed room again if it is still one of them, so it is this connection's current room, and for each
 * of them that we saw before, the events after the highest seq seen.
 */
export function attachedRequests(rooms, roomNames, viewedKey) {
  const out = [];
  const keys = new Set(roomNames.map(fold));
  const viewed = rooms.get(viewedKey);
  if (viewed && keys.has(viewed.key)) {
    out.push({ type: 'join', room: viewed.name });
  }
  for (const r of rooms.values()) {
    if (keys.has(r.key) && r.resumeFrom > 0) {
      out.push(requestSince(r, r.resumeFrom));
    }
  }
  return out;
}
