// Types for ot.js (plain JavaScript so the unit tests can import it without a build step).
export type Op = (number | string)[];
export function isRetain(c: number | string): boolean;
export function isInsert(c: number | string): boolean;
export function isDelete(c: number | string): boolean;
export function normalize(op: Op): Op;
export function baseLength(op: Op): number;
export function targetLength(op: Op): number;
export function isNoop(op: Op): boolean;
export function isOp(op: unknown): op is Op;
export function apply(doc: string, op: Op): string;
export function compose(a: Op, b: Op): Op;
export function transform(a: Op, b: Op): [Op, Op];
export function transformIndex(op: Op, index: number): number;
export function diff(before: string, after: string, caret?: number): Op;
export class OTClient {
  constructor(revision: number, io: { send: (revision: number, op: Op) => void; apply: (op: Op) => void });
  revision: number;
  outstanding: Op | null;
  buffer: Op | null;
  readonly state: 'synchronized' | 'awaiting' | 'buffer';
  applyClient(op: Op): void;
  receive(revision: number, op: Op): void;
  ack(revision: number): void;
}
