// A minimal ot.js-style client for the document protocol (docs/api-documents.md, "Client
// algorithm"): ops are arrays of retain n (>0) / insert string / delete n (<0) over UTF-16 units;
// one op outstanding, later edits buffered (composed); server messages processed in revision order.

const isRetain = (c) => typeof c === 'number' && c > 0;
const isDelete = (c) => typeof c === 'number' && c < 0;
const isInsert = (c) => typeof c === 'string';

class Builder {
  constructor() {
    this.ops = [];
  }
  retain(n) {
    if (n <= 0) return this;
    const last = this.ops.length - 1;
    if (last >= 0 && isRetain(this.ops[last])) this.ops[last] += n;
    else this.ops.push(n);
    return this;
  }
  insert(s) {
    if (s === '') return this;
    const ops = this.ops;
    const last = ops.length - 1;
    if (last >= 0 && isInsert(ops[last])) ops[last] += s;
    else if (last >= 0 && isDelete(ops[last])) {
      if (last >= 1 && isInsert(ops[last - 1])) ops[last - 1] += s;
      else ops.splice(last, 0, s);
    } else ops.push(s);
    return this;
  }
  delete(n) {
    if (n <= 0) return this;
    const last = this.ops.length - 1;
    if (last >= 0 && isDelete(this.ops[last])) this.ops[last] -= n;
    else this.ops.push(-n);
    return this;
  }
}

export function apply(text, op) {
  let out = '';
  let pos = 0;
  for (const c of op) {
    if (isRetain(c)) {
      out += text.slice(pos, pos + c);
      pos += c;
    } else if (isInsert(c)) out += c;
    else pos -= c;
  }
  if (pos !== text.length) throw new Error(`op length ${pos} != text length ${text.length}`);
  return out;
}

/** Splits components into pieces on demand. */
function cursor(op) {
  let i = 0;
  let head = op[0];
  return {
    get head() {
      return head;
    },
    take(n) {
      // n is in units; returns the consumed piece and advances.
      let piece;
      if (isRetain(head)) piece = Math.min(n, head);
      else if (isDelete(head)) piece = -Math.min(n, -head);
      else piece = head.slice(0, n);
      const used = isInsert(piece) ? piece.length : Math.abs(piece);
      const size = isInsert(head) ? head.length : Math.abs(head);
      if (used >= size) head = op[++i];
      else if (isRetain(head)) head -= used;
      else if (isDelete(head)) head += used;
      else head = head.slice(used);
      return piece;
    },
  };
}

const lengthOf = (c) => (isInsert(c) ? c.length : Math.abs(c));

/** [a', b'] with apply(apply(S, a), b') === apply(apply(S, b), a'); `a` wins insert ties. */
export function transform(a, b) {
  const x = cursor(a);
  const y = cursor(b);
  const ap = new Builder();
  const bp = new Builder();
  for (;;) {
    if (x.head === undefined && y.head === undefined) break;
    if (isInsert(x.head)) {
      const s = x.take(Infinity);
      ap.insert(s);
      bp.retain(s.length);
      continue;
    }
    if (isInsert(y.head)) {
      const s = y.take(Infinity);
      ap.retain(s.length);
      bp.insert(s);
      continue;
    }
    if (x.head === undefined || y.head === undefined) throw new Error('transform: length mismatch');
    const n = Math.min(lengthOf(x.head), lengthOf(y.head));
    const cx = x.take(n);
    const cy = y.take(n);
    if (isRetain(cx) && isRetain(cy)) {
      ap.retain(n);
      bp.retain(n);
    } else if (isDelete(cx) && isRetain(cy)) ap.delete(n);
    else if (isRetain(cx) && isDelete(cy)) bp.delete(n);
  }
  return [ap.ops, bp.ops];
}

export function compose(a, b) {
  const x = cursor(a);
  const y = cursor(b);
  const out = new Builder();
  for (;;) {
    if (x.head === undefined && y.head === undefined) break;
    if (isDelete(x.head)) {
      out.delete(-x.take(Infinity));
      continue;
    }
    if (isInsert(y.head)) {
      out.insert(y.take(Infinity));
      continue;
    }
    if (x.head === undefined || y.head === undefined) throw new Error('compose: length mismatch');
    const n = Math.min(lengthOf(x.head), lengthOf(y.head));
    const cx = x.take(n);
    const cy = y.take(n);
    if (isInsert(cx)) {
      if (isRetain(cy)) out.insert(cx);
    } else if (isRetain(cy)) out.retain(n);
    else out.delete(n);
  }
  return out.ops;
}

/** An op on a text of `length` units: retain `pos`, insert `text`, delete `del`, retain the rest. */
export function edit(length, pos, text, del = 0) {
  return new Builder().retain(pos).insert(text).delete(del).retain(length - pos - del).ops;
}

export class OtClient {
  constructor(socket, docId) {
    this.socket = socket;
    this.docId = docId;
    this.text = '';
    this.revision = -1;
    this.outstanding = null;
    this.buffer = null;
    this.pending = new Map();
    this.errors = [];
    socket.on('doc_op', (p) => {
      if (p.doc_id === docId) this.#server(p.revision, { op: p.op });
    });
  }

  async join() {
    const ack = await this.socket.timeout(10_000).emitWithAck('doc_join', { doc_id: this.docId });
    if (!ack.ok) throw new Error(`doc_join refused: ${JSON.stringify(ack)}`);
    this.text = ack.content;
    this.revision = ack.revision;
    for (const rev of [...this.pending.keys()]) if (rev <= this.revision) this.pending.delete(rev);
    this.#drain();
    return ack;
  }

  get idle() {
    return this.outstanding === null && this.buffer === null;
  }

  /** A local edit: applied at once, sent when nothing is outstanding. */
  applyLocal(op) {
    this.text = apply(this.text, op);
    if (this.outstanding === null) this.#send(op);
    else this.buffer = this.buffer === null ? op : compose(this.buffer, op);
  }

  #send(op) {
    this.outstanding = op;
    this.socket
      .timeout(30_000)
      .emitWithAck('doc_op', { doc_id: this.docId, revision: this.revision, op })
      .then((ack) => {
        if (!ack.ok) {
          this.errors.push(ack);
          return;
        }
        this.#server(ack.revision, { ack: true });
      })
      .catch((err) => this.errors.push(String(err)));
  }

  #server(revision, message) {
    if (this.revision >= 0 && revision <= this.revision) return;
    this.pending.set(revision, message);
    if (this.revision >= 0) this.#drain();
  }

  #drain() {
    while (this.pending.has(this.revision + 1)) {
      const message = this.pending.get(this.revision + 1);
      this.pending.delete(this.revision + 1);
      this.revision += 1;
      if (message.ack) {
        this.outstanding = null;
        if (this.buffer !== null) {
          const next = this.buffer;
          this.buffer = null;
          this.#send(next);
        }
        continue;
      }
      // The server accepted `op` before our outstanding op, so it wins insert ties.
      let op = message.op;
      if (this.outstanding !== null) [op, this.outstanding] = transform(op, this.outstanding);
      if (this.buffer !== null) [op, this.buffer] = transform(op, this.buffer);
      this.text = apply(this.text, op);
    }
  }
}
