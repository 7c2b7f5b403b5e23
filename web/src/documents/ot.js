// Operational transformation for plain text in the ot.js format (docs/api-documents.md).
// An operation is an array spanning the whole document it applies to:
//   positive integer n = retain n, string s = insert s, negative integer -n = delete n.
// Lengths count UTF-16 code units (JavaScript string indices).
// Plain JavaScript with JSDoc so `node --test` can import it directly (tests/unit/ot.test.mjs);
// ot.d.ts gives TypeScript its types.

/** @typedef {(number|string)[]} Op */

/** @param {number|string} c */
export const isRetain = (c) => typeof c === 'number' && c > 0;
/** @param {number|string} c */
export const isInsert = (c) => typeof c === 'string';
/** @param {number|string} c */
export const isDelete = (c) => typeof c === 'number' && c < 0;

/** @param {Op} ops @param {number} n */
function pushRetain(ops, n) {
  if (n === 0) return;
  const last = ops.length - 1;
  if (last >= 0 && isRetain(ops[last])) ops[last] = /** @type {number} */ (ops[last]) + n;
  else ops.push(n);
}

/** Inserts are kept before deletes at the same position (canonical form, as ot.js). */
/** @param {Op} ops @param {string} s */
function pushInsert(ops, s) {
  if (s === '') return;
  const last = ops.length - 1;
  if (last >= 0 && isInsert(ops[last])) {
    ops[last] = /** @type {string} */ (ops[last]) + s;
  } else if (last >= 0 && isDelete(ops[last])) {
    if (last > 0 && isInsert(ops[last - 1])) ops[last - 1] = /** @type {string} */ (ops[last - 1]) + s;
    else {
      ops.push(ops[last]);
      ops[last] = s;
    }
  } else ops.push(s);
}

/** @param {Op} ops @param {number} n (positive count) */
function pushDelete(ops, n) {
  if (n === 0) return;
  const last = ops.length - 1;
  if (last >= 0 && isDelete(ops[last])) ops[last] = /** @type {number} */ (ops[last]) - n;
  else ops.push(-n);
}

/** The canonical form of an op: merged components, trailing retain kept (it spans the document). */
/** @param {Op} op @returns {Op} */
export function normalize(op) {
  /** @type {Op} */
  const out = [];
  for (const c of op) {
    if (isRetain(c)) pushRetain(out, /** @type {number} */ (c));
    else if (isInsert(c)) pushInsert(out, /** @type {string} */ (c));
    else if (isDelete(c)) pushDelete(out, -(/** @type {number} */ (c)));
  }
  return out;
}

/** Length of the document the op applies to. @param {Op} op */
export function baseLength(op) {
  let n = 0;
  for (const c of op) {
    if (isRetain(c)) n += /** @type {number} */ (c);
    else if (isDelete(c)) n -= /** @type {number} */ (c);
  }
  return n;
}

/** Length of the document after the op. @param {Op} op */
export function targetLength(op) {
  let n = 0;
  for (const c of op) {
    if (isRetain(c)) n += /** @type {number} */ (c);
    else if (isInsert(c)) n += /** @type {string} */ (c).length;
  }
  return n;
}

/** True when the op changes nothing. @param {Op} op */
export function isNoop(op) {
  return op.every((c) => isRetain(c));
}

/** Validates the wire form. @param {unknown} op @returns {op is Op} */
export function isOp(op) {
  return Array.isArray(op) && op.every((c) => typeof c === 'string' || (typeof c === 'number' && Number.isInteger(c) && c !== 0));
}

/** @param {string} doc @param {Op} op @returns {string} */
export function apply(doc, op) {
  if (baseLength(op) !== doc.length) throw new Error(`operation base length ${baseLength(op)} != document length ${doc.length}`);
  let out = '';
  let i = 0;
  for (const c of op) {
    if (isRetain(c)) {
      out += doc.slice(i, i + /** @type {number} */ (c));
      i += /** @type {number} */ (c);
    } else if (isInsert(c)) out += c;
    else i -= /** @type {number} */ (c);
  }
  return out;
}

/** One op with the effect of `a` then `b`. @param {Op} a @param {Op} b @returns {Op} */
export function compose(a, b) {
  if (targetLength(a) !== baseLength(b)) throw new Error('compose: lengths do not match');
  /** @type {Op} */
  const out = [];
  let i1 = 0;
  let i2 = 0;
  let o1 = a[i1++];
  let o2 = b[i2++];
  for (;;) {
    if (o1 === undefined && o2 === undefined) break;
    if (o1 !== undefined && isDelete(o1)) {
      pushDelete(out, -(/** @type {number} */ (o1)));
      o1 = a[i1++];
      continue;
    }
    if (o2 !== undefined && isInsert(o2)) {
      pushInsert(out, /** @type {string} */ (o2));
      o2 = b[i2++];
      continue;
    }
    if (o1 === undefined || o2 === undefined) throw new Error('compose: first operation is too short or too long');
    if (isRetain(o1) && isRetain(o2)) {
      const n1 = /** @type {number} */ (o1);
      const n2 = /** @type {number} */ (o2);
      if (n1 > n2) { pushRetain(out, n2); o1 = n1 - n2; o2 = b[i2++]; }
      else if (n1 === n2) { pushRetain(out, n1); o1 = a[i1++]; o2 = b[i2++]; }
      else { pushRetain(out, n1); o2 = n2 - n1; o1 = a[i1++]; }
    } else if (isInsert(o1) && isDelete(o2)) {
      const s = /** @type {string} */ (o1);
      const d = -(/** @type {number} */ (o2));
      if (s.length > d) { o1 = s.slice(d); o2 = b[i2++]; }
      else if (s.length === d) { o1 = a[i1++]; o2 = b[i2++]; }
      else { o2 = -(d - s.length); o1 = a[i1++]; }
    } else if (isInsert(o1) && isRetain(o2)) {
      const s = /** @type {string} */ (o1);
      const n = /** @type {number} */ (o2);
      if (s.length > n) { pushInsert(out, s.slice(0, n)); o1 = s.slice(n); o2 = b[i2++]; }
      else if (s.length === n) { pushInsert(out, s); o1 = a[i1++]; o2 = b[i2++]; }
      else { pushInsert(out, s); o2 = n - s.length; o1 = a[i1++]; }
    } else if (isRetain(o1) && isDelete(o2)) {
      const n = /** @type {number} */ (o1);
      const d = -(/** @type {number} */ (o2));
      if (n > d) { pushDelete(out, d); o1 = n - d; o2 = b[i2++]; }
      else if (n === d) { pushDelete(out, d); o1 = a[i1++]; o2 = b[i2++]; }
      else { pushDelete(out, n); o2 = -(d - n); o1 = a[i1++]; }
    } else {
      throw new Error('compose: invalid operation');
    }
  }
  return out;
}

/**
 * The ot.js transform: for concurrent `a` and `b` on the same document returns [a', b'] with
 * apply(apply(S, a), b') === apply(apply(S, b), a'). On inserts at the same position `a`'s text
 * goes first. The server passes its already-accepted op as `a`, so the client must too:
 * transform(serverOp, localOp).
 * @param {Op} a @param {Op} b @returns {[Op, Op]}
 */
export function transform(a, b) {
  if (baseLength(a) !== baseLength(b)) throw new Error('transform: both operations must apply to the same document');
  /** @type {Op} */
  const a1 = [];
  /** @type {Op} */
  const b1 = [];
  let i1 = 0;
  let i2 = 0;
  let o1 = a[i1++];
  let o2 = b[i2++];
  for (;;) {
    if (o1 === undefined && o2 === undefined) break;
    if (o1 !== undefined && isInsert(o1)) {
      const s = /** @type {string} */ (o1);
      pushInsert(a1, s);
      pushRetain(b1, s.length);
      o1 = a[i1++];
      continue;
    }
    if (o2 !== undefined && isInsert(o2)) {
      const s = /** @type {string} */ (o2);
      pushRetain(a1, s.length);
      pushInsert(b1, s);
      o2 = b[i2++];
      continue;
    }
    if (o1 === undefined || o2 === undefined) throw new Error('transform: operations do not fit');
    const n1 = Math.abs(/** @type {number} */ (o1));
    const n2 = Math.abs(/** @type {number} */ (o2));
    const m = Math.min(n1, n2);
    if (isRetain(o1) && isRetain(o2)) {
      pushRetain(a1, m);
      pushRetain(b1, m);
    } else if (isDelete(o1) && isDelete(o2)) {
      // Both deleted the same text: nothing left to do for either.
    } else if (isDelete(o1) && isRetain(o2)) {
      pushDelete(a1, m);
    } else if (isRetain(o1) && isDelete(o2)) {
      pushDelete(b1, m);
    } else {
      throw new Error('transform: invalid operation');
    }
    const sign1 = /** @type {number} */ (o1) < 0 ? -1 : 1;
    const sign2 = /** @type {number} */ (o2) < 0 ? -1 : 1;
    o1 = n1 === m ? a[i1++] : sign1 * (n1 - m);
    o2 = n2 === m ? b[i2++] : sign2 * (n2 - m);
  }
  return [a1, b1];
}

/**
 * Where a position ends up after `op` (as ot.js Selection.transform): inserts at or before the
 * position push it right, deletes before it pull it left.
 * @param {Op} op @param {number} index @returns {number}
 */
export function transformIndex(op, index) {
  let rest = index;
  let out = index;
  for (const c of op) {
    if (isRetain(c)) rest -= /** @type {number} */ (c);
    else if (isInsert(c)) out += /** @type {string} */ (c).length;
    else {
      const d = -(/** @type {number} */ (c));
      out -= Math.min(rest, d);
      rest -= d;
    }
    if (rest < 0) break;
  }
  return out;
}

/** @param {string} s @param {number} i */
function isLowSurrogateAt(s, i) {
  const c = s.charCodeAt(i);
  return c >= 0xdc00 && c <= 0xdfff;
}

/**
 * The op turning `before` into `after`, a single changed region found around the caret:
 * the common suffix may not reach left of `caret` (the caret position in `after`), so typing
 * "a" after "aa" inserts at the caret rather than at the start. Never splits a surrogate pair.
 * @param {string} before @param {string} after @param {number} [caret]
 * @returns {Op}
 */
export function diff(before, after, caret = after.length) {
  if (before === after) return before.length ? [before.length] : [];
  const maxSuffix = Math.min(before.length, after.length, Math.max(0, after.length - caret));
  let suffix = 0;
  while (suffix < maxSuffix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  const maxPrefix = Math.min(before.length - suffix, after.length - suffix);
  let prefix = 0;
  while (prefix < maxPrefix && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  // Do not cut a surrogate pair in either string.
  while (prefix > 0 && (isLowSurrogateAt(before, prefix) || isLowSurrogateAt(after, prefix))) prefix--;
  while (suffix > 0 && (isLowSurrogateAt(before, before.length - suffix) || isLowSurrogateAt(after, after.length - suffix))) suffix--;
  /** @type {Op} */
  const op = [];
  pushRetain(op, prefix);
  pushDelete(op, before.length - prefix - suffix);
  pushInsert(op, after.slice(prefix, after.length - suffix));
  pushRetain(op, suffix);
  return op;
}

/**
 * The ot.js client state machine, plus ordering by revision: the server numbers every accepted op
 * and the ack of our own op travels separately from others' broadcasts, so both are queued until
 * the revision before them is known.
 *
 * states: 'synchronized' (nothing outstanding), 'awaiting' (one op sent, not acknowledged),
 * 'buffer' (one op sent, more local changes composed into a buffer).
 */
export class OTClient {
  /**
   * @param {number} revision the revision of the content the client starts from
   * @param {{ send: (revision: number, op: Op) => void, apply: (op: Op) => void }} io
   */
  constructor(revision, io) {
    this.revision = revision;
    this.io = io;
    /** @type {Op | null} */
    this.outstanding = null;
    /** @type {Op | null} */
    this.buffer = null;
    /** @type {Map<number, Op>} ops from the server by the revision they became */
    this.pending = new Map();
    /** @type {number | null} the revision our outstanding op became, when acked early */
    this.ackedAs = null;
  }

  /** @returns {'synchronized' | 'awaiting' | 'buffer'} */
  get state() {
    if (!this.outstanding) return 'synchronized';
    return this.buffer ? 'buffer' : 'awaiting';
  }

  /** A local change (already applied to the local text). @param {Op} op */
  applyClient(op) {
    if (isNoop(op)) return;
    if (!this.outstanding) {
      this.outstanding = op;
      this.io.send(this.revision, op);
    } else if (!this.buffer) {
      this.buffer = op;
    } else {
      this.buffer = compose(this.buffer, op);
    }
  }

  /** Another client's op that became `revision`. @param {number} revision @param {Op} op */
  receive(revision, op) {
    if (revision <= this.revision) return; // already in our content
    this.pending.set(revision, op);
    this.drain();
  }

  /** Our outstanding op was accepted as `revision`. @param {number} revision */
  ack(revision) {
    if (!this.outstanding) return;
    this.ackedAs = revision;
    this.drain();
  }

  drain() {
    for (;;) {
      const next = this.revision + 1;
      if (this.outstanding && this.ackedAs === next) {
        this.ackedAs = null;
        this.revision = next;
        if (this.buffer) {
          this.outstanding = this.buffer;
          this.buffer = null;
          this.io.send(this.revision, this.outstanding);
        } else {
          this.outstanding = null;
        }
        continue;
      }
      const op = this.pending.get(next);
      if (op === undefined) return;
      this.pending.delete(next);
      this.revision = next;
      let incoming = op;
      if (this.outstanding) {
        const [serverPrime, outPrime] = transform(incoming, this.outstanding);
        this.outstanding = outPrime;
        incoming = serverPrime;
        if (this.buffer) {
          const [serverPrime2, bufPrime] = transform(incoming, this.buffer);
          this.buffer = bufPrime;
          incoming = serverPrime2;
        }
      }
      this.io.apply(incoming);
    }
  }
}
