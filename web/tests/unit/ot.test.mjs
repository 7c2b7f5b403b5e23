// Unit tests for the OT core of the document editor (web/src/documents/ot.js).
// Run: `npm run test:unit` in web/ (plain `node --test`, no build step).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  apply, baseLength, compose, diff, normalize, OTClient, targetLength, transform, transformIndex,
} from '../../src/documents/ot.js';

// A small deterministic PRNG so failures are reproducible (seed printed on failure).
function rng(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    return s / 0x100000000;
  };
}
const ALPHABET = ['a', 'b', 'c', ' ', '\n', 'é', '😀', 'x'];
function randomString(r, max = 5) {
  let s = '';
  const n = Math.floor(r() * max) + 1;
  for (let i = 0; i < n; i++) s += ALPHABET[Math.floor(r() * ALPHABET.length)];
  return s;
}
/** A random op on `doc` (may split surrogate pairs: the algebra does not care). */
function randomOp(r, doc) {
  const op = [];
  let i = 0;
  while (i < doc.length) {
    const left = doc.length - i;
    const n = Math.min(left, Math.floor(r() * 4) + 1);
    const k = r();
    if (k < 0.2) op.push(randomString(r));
    else if (k < 0.45) { op.push(-n); i += n; }
    else { op.push(n); i += n; }
  }
  if (r() < 0.3) op.push(randomString(r));
  return normalize(op);
}

test('apply: retain, insert, delete over UTF-16 code units', () => {
  assert.equal(apply('hello', [5, ' world']), 'hello world');
  assert.equal(apply('hello', [-1, 'H', 4]), 'Hello');
  assert.equal(apply('a😀b', [3, '!', 1]), 'a😀!b');
  assert.equal(baseLength([3, '!', -1]), 4);
  assert.equal(targetLength([3, '!', -1]), 4);
  assert.throws(() => apply('abc', [2]));
});

test('normalize merges components and puts inserts before deletes', () => {
  assert.deepEqual(normalize([1, 2, 'a', 'b', -1, -2]), [3, 'ab', -3]);
  assert.deepEqual(normalize([1, -2, 'x', 3]), [1, 'x', -2, 3]);
});

test('TP1: apply(apply(S,a),b\') === apply(apply(S,b),a\') on random op pairs', () => {
  for (let seed = 1; seed <= 3000; seed++) {
    const r = rng(seed);
    const doc = r() < 0.1 ? '' : randomString(r, 20);
    const a = randomOp(r, doc);
    const b = randomOp(r, doc);
    const [a1, b1] = transform(a, b);
    const left = apply(apply(doc, a), b1);
    const right = apply(apply(doc, b), a1);
    assert.equal(left, right, `seed ${seed}: doc=${JSON.stringify(doc)} a=${JSON.stringify(a)} b=${JSON.stringify(b)}`);
  }
});

test('transform: on equal positions the first operation\'s insert goes first', () => {
  const [a1, b1] = transform([2, 'A'], [2, 'B']);
  assert.equal(apply(apply('xy', [2, 'A']), b1), 'xyAB');
  assert.equal(apply(apply('xy', [2, 'B']), a1), 'xyAB');
});

test('compose: apply(apply(S,a),b) === apply(S, compose(a,b)) on random ops', () => {
  for (let seed = 1; seed <= 2000; seed++) {
    const r = rng(seed * 7919);
    const doc = randomString(r, 15);
    const a = randomOp(r, doc);
    const mid = apply(doc, a);
    const b = randomOp(r, mid);
    assert.equal(apply(doc, compose(a, b)), apply(mid, b), `seed ${seed}`);
  }
});

test('diff: finds the edit around the caret and never splits a surrogate pair', () => {
  assert.deepEqual(diff('aaa', 'aaaa', 2), [1, 'a', 2]); // caret after the typed char
  assert.deepEqual(diff('aaa', 'aaaa', 4), [3, 'a']);
  assert.deepEqual(diff('hello world', 'hello, world', 6), [5, ',', 6]);
  assert.deepEqual(diff('abc', 'ac', 1), [1, -1, 1]);
  assert.deepEqual(diff('x😀', 'x😃', 3), [1, '😃', -2]);
  for (let seed = 1; seed <= 1000; seed++) {
    const r = rng(seed * 31);
    const a = randomString(r, 12);
    const b = randomString(r, 12);
    const caret = Math.floor(r() * (b.length + 1));
    assert.equal(apply(a, diff(a, b, caret)), b, `seed ${seed}`);
  }
});

test('transformIndex moves a cursor over inserts and deletes before it', () => {
  assert.equal(transformIndex([2, 'abc', 3], 4), 7);
  assert.equal(transformIndex([-2, 3], 4), 2);
  assert.equal(transformIndex([5, 'x'], 2), 2);
  assert.equal(transformIndex([1, -3, 1], 2), 1);
});

/**
 * A simulated ot.js server and three OTClients with random delivery delays; acks and broadcasts
 * travel separately (so a broadcast can overtake an ack). All converge and keep every insertion.
 */
test('clients with delayed, reordered delivery converge and keep every insertion', () => {
  for (let seed = 1; seed <= 60; seed++) {
    const r = rng(seed * 104729);
    const server = { doc: 'start', history: [] };
    const queue = []; // {at, run}
    let now = 0;
    const later = (fn) => queue.push({ at: now + Math.floor(r() * 20), run: fn });
    const clients = [];
    for (let c = 0; c < 3; c++) {
      const cl = { id: c, doc: server.doc };
      cl.ot = new OTClient(0, {
        send: (rev, op) => later(() => {
          let o = op;
          for (const h of server.history.slice(rev)) o = transform(h, o)[1];
          server.doc = apply(server.doc, o);
          server.history.push(o);
          const newRev = server.history.length;
          later(() => cl.ot.ack(newRev));
          for (const other of clients) if (other !== cl) later(() => other.ot.receive(newRev, o));
        }),
        apply: (op) => { cl.doc = apply(cl.doc, op); },
      });
      clients.push(cl);
    }
    const markers = [];
    for (let step = 0; step < 150; step++) {
      now++;
      const cl = clients[Math.floor(r() * 3)];
      let op;
      if (r() < 0.7) {
        const marker = `<${cl.id}.${step}>`;
        markers.push(marker);
        // Insert at a position that does not split an existing marker: before a '<' or at the end.
        const spots = [0, cl.doc.length];
        for (let i = 0; i < cl.doc.length; i++) if (cl.doc[i] === '<') spots.push(i);
        const at = spots[Math.floor(r() * spots.length)];
        op = normalize([at, marker, cl.doc.length - at]);
      } else {
        // Delete some of the initial text only (markers must survive).
        const i = cl.doc.indexOf('start'.charAt(Math.floor(r() * 5)));
        if (i < 0 || cl.doc[i] === '<') continue;
        if (/[<>.\d]/.test(cl.doc[i])) continue;
        op = normalize([i, -1, cl.doc.length - i - 1]);
      }
      cl.doc = apply(cl.doc, op);
      cl.ot.applyClient(op);
      // Deliver whatever is due, in random order among those due.
      queue.sort((x, y) => x.at - y.at || r() - 0.5);
      while (queue.length && queue[0].at <= now) queue.shift().run();
    }
    while (queue.length) {
      queue.sort((x, y) => x.at - y.at);
      now = queue[0].at;
      queue.shift().run();
    }
    for (const cl of clients) {
      assert.equal(cl.ot.state, 'synchronized', `seed ${seed}`);
      assert.equal(cl.doc, server.doc, `seed ${seed}: client ${cl.id} diverged`);
    }
    for (const m of markers) assert.ok(server.doc.includes(m), `seed ${seed}: marker ${m} lost`);
  }
});
