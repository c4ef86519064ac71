/**
 * A JSONL line's UTF-8 bytes → a plan's input slots, in one pass and without decoding the line,
 * parsing it into objects or making strings of its numbers. It binds the common line of a
 * customer file (decimal strings, whole numbers, booleans, text, unknown fields of any shape)
 * and declines anything it is not certain of — an escape in a key, a duplicate key, a null, an
 * exponent, a value the careful path would refuse, broken JSON — so that the whole line takes
 * the careful path (text → parseJsonExact → bindInputs), with its error records and messages.
 * What it accepts it binds exactly as that path does (engine/input.ts): same slot values, same
 * customer id.
 *
 * The careful path parses a line with JSON.parse or with lossless-json depending on its digits
 * (cli/json-line.ts). Everything accepted here reads the same either way: no duplicate keys
 * (lossless-json refuses them), no exponents, bare decimals only when their text is what a
 * double prints back, nesting shallow enough for a recursive parser.
 */
import type { InputSpec, Plan } from "./compile/plan.js";
import { DECLINED, type InputBinder } from "./decide.js";
import { numberAccepted } from "./input.js";
import { type Num, Ratio } from "./numeric.js";

const QUOTE = 34;
const PLUS = 43;
const COMMA = 44;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const COLON = 58;
const LBRACKET = 91;
const BACKSLASH = 92;
const RBRACKET = 93;
const LBRACE = 123;
const RBRACE = 125;

/** Deeper nesting in an unknown field declines: lossless-json parses recursively. */
const MAX_DEPTH = 64;
const MAX = Number.MAX_SAFE_INTEGER;
const POW10: number[] = Array.from({ length: 16 }, (_, k) => 10 ** k);

/** The customer id's fields, in the order customerIdOf (engine/input.ts) prefers them. */
const ID_KEYS = ["customer_id", "customerId", "id"];

// How an input is read (plain numbers: const enums are objects under isolatedModules).
const NUM = 0;
const BOOL = 1;
const TEXT = 2;
/** Text with a list of allowed values. */
const CHOICE = 3;

// What a numeric input accepts beyond being a number (numberProblem in engine/input.ts).
const ANY = 0;
const NOT_NEGATIVE = 1;
const WHOLE_NOT_NEGATIVE = 2;
const WHOLE = 3;
const UNIT_INTERVAL = 4;
/** A range: asked of engine/input.ts itself. */
const CAREFUL = 5;

/** Unknown top-level keys remembered per plan (beyond them, unknown keys are only compared within the line). */
const MAX_LEARNED = 256;
/** What findKey answers for a key that declines the line. */
const NO_KEY = -2;
/** Key positions whose key from the last line is tried first. */
const MAX_POSITIONS = 512;

const utf8 = new TextEncoder();
const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;
/** Keeps a byte-order mark inside a value, as decoding the whole line does. */
const text = new TextDecoder("utf-8", { ignoreBOM: true });

const binders = new WeakMap<Plan, LineBinder | null>();

/** The plan's line binder, or null when some input is beyond it (a fact path, a json input...). */
export function lineBinder(plan: Plan): LineBinder | null {
  let b = binders.get(plan);
  if (b === undefined) {
    b = eligible(plan.inputs) ? new LineBinder(plan.inputs) : null;
    binders.set(plan, b);
  }
  return b;
}

/** Text that survives UTF-8 both ways (no lone surrogates): bytes compared are then text compared. */
function roundTrips(s: string): boolean {
  return text.decode(utf8.encode(s)) === s;
}

function eligible(inputs: InputSpec[]): boolean {
  return inputs.every((spec) => {
    const k = spec.type.k;
    // A name Object.prototype also has reads an inherited value when the field is absent.
    return spec.path === null && (k === "num" || k === "bool" || k === "text") && !(spec.name in Object.prototype) && !ID_KEYS.includes(spec.name) && roundTrips(spec.name);
  });
}

function checkOf(spec: InputSpec): number {
  if (spec.type.k !== "num") return ANY;
  if (spec.low !== null || spec.high !== null) return CAREFUL;
  const unit = spec.type.unit;
  if (unit === "int" || unit === "days") return spec.signed ? WHOLE : WHOLE_NOT_NEGATIVE;
  if (spec.signed) return ANY;
  return unit === "ratio" ? UNIT_INTERVAL : NOT_NEGATIVE;
}

function kindOf(spec: InputSpec): number {
  const t = spec.type;
  if (t.k === "num") return NUM;
  if (t.k === "bool") return BOOL;
  return t.k === "text" && t.values ? CHOICE : TEXT;
}

function hashOf(b: Uint8Array, s: number, e: number): number {
  let h = 0;
  for (let i = s; i < e; i++) h = (Math.imul(h, 31) + b[i]) | 0;
  return h;
}

function sameBytes(b: Uint8Array, s: number, e: number, key: Uint8Array): boolean {
  if (e - s !== key.length) return false;
  for (let i = 0; i < key.length; i++) if (b[s + i] !== key[i]) return false;
  return true;
}

function ws(b: Uint8Array, i: number, end: number): number {
  while (i < end) {
    const c = b[i];
    if (c === 32 || c === 10 || c === 13 || c === 9) i++;
    else break;
  }
  return i;
}

/** The text of bytes [s, e): short ASCII made directly (eight characters a call), the rest decoded. */
function textOf(b: Uint8Array, s: number, e: number, ascii: boolean): string {
  if (!ascii || e - s > 24) return text.decode(b.subarray(s, e));
  let out = "";
  for (; e - s >= 8; s += 8) out += String.fromCharCode(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6], b[s + 7]);
  for (; e - s >= 2; s += 2) out += String.fromCharCode(b[s], b[s + 1]);
  if (s < e) out += String.fromCharCode(b[s]);
  return out;
}

/** Well-formed UTF-8 (no overlong forms, no surrogates): two keys then differ as bytes when they differ as text. */
function validUtf8(b: Uint8Array, s: number, e: number): boolean {
  let i = s;
  while (i < e) {
    const c = b[i];
    if (c < 0x80) {
      i++;
    } else if (c >= 0xc2 && c <= 0xdf) {
      if (i + 1 >= e || (b[i + 1] & 0xc0) !== 0x80) return false;
      i += 2;
    } else if (c >= 0xe0 && c <= 0xef) {
      if (i + 2 >= e) return false;
      const c1 = b[i + 1];
      if ((c1 & 0xc0) !== 0x80 || (b[i + 2] & 0xc0) !== 0x80) return false;
      if ((c === 0xe0 && c1 < 0xa0) || (c === 0xed && c1 > 0x9f)) return false;
      i += 3;
    } else if (c >= 0xf0 && c <= 0xf4) {
      if (i + 3 >= e) return false;
      const c1 = b[i + 1];
      if ((c1 & 0xc0) !== 0x80 || (b[i + 2] & 0xc0) !== 0x80 || (b[i + 3] & 0xc0) !== 0x80) return false;
      if ((c === 0xf0 && c1 < 0x90) || (c === 0xf4 && c1 > 0x8f)) return false;
      i += 4;
    } else return false;
  }
  return true;
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

function literal(b: Uint8Array, i: number, end: number, word: Uint8Array): number {
  if (i + word.length > end) return -1;
  for (let k = 0; k < word.length; k++) if (b[i + k] !== word[k]) return -1;
  return i + word.length;
}

const TRUE = utf8.encode("true");
const FALSE = utf8.encode("false");
const NULL = utf8.encode("null");
const QUOTED_TRUE = utf8.encode('"true"');
const QUOTED_FALSE = utf8.encode('"false"');

/** A JSON string from its opening quote, escapes checked; the index after it, or -1. */
function skipString(b: Uint8Array, i: number, end: number): number {
  for (let p = i + 1; p < end; p++) {
    const c = b[p];
    if (c === QUOTE) return p + 1;
    if (c === BACKSLASH) {
      p++;
      if (p >= end) return -1;
      const x = b[p];
      if (x === 117 /* u */) {
        if (p + 4 >= end || !isHex(b[p + 1]) || !isHex(b[p + 2]) || !isHex(b[p + 3]) || !isHex(b[p + 4])) return -1;
        p += 4;
      } else if (!(x === QUOTE || x === BACKSLASH || x === 47 || x === 98 || x === 102 || x === 110 || x === 114 || x === 116)) return -1;
    } else if (c < 0x20) return -1;
  }
  return -1;
}

/** A JSON number without an exponent (an exponent declines: see the file's comment); the index after it, or -1. */
function skipNumber(b: Uint8Array, i: number, end: number): number {
  let p = i;
  if (b[p] === MINUS) p++;
  if (p >= end) return -1;
  const c = b[p];
  if (c === ZERO) p++;
  else if (c >= 49 && c <= 57) {
    p++;
    while (p < end && b[p] >= ZERO && b[p] <= 57) p++;
  } else return -1;
  if (p < end && b[p] === DOT) {
    const f = ++p;
    while (p < end && b[p] >= ZERO && b[p] <= 57) p++;
    if (p === f) return -1;
  }
  if (p < end && (b[p] === 101 || b[p] === 69)) return -1;
  return p;
}

export class LineBinder implements InputBinder {
  private readonly count: number;
  private readonly slots: Int32Array;
  private readonly kinds: Uint8Array;
  private readonly checks: Uint8Array;
  private readonly specs: InputSpec[];
  private readonly hasDefault: boolean[];
  private readonly defaults: unknown[];
  private readonly choiceBytes: Uint8Array[][];
  private readonly choiceText: string[][];

  /**
   * Known keys: the inputs' names (key n is input n), the id fields, then unknown keys met so
   * far, so that a file's usual keys are each one comparison with the key expected at that place.
   */
  private keyCount = 0;
  private readonly capacity: number;
  /** Where each key's bytes start in the pool (a multiple of 4), and their length. */
  private readonly keyOff: number[] = [];
  private readonly keyLen: number[] = [];
  private readonly keyHash: number[] = [];
  /** A key's last four bytes as one word (keys of four bytes or more). */
  private readonly keyTail: number[] = [];
  /** The rank of an id field (0: customer_id...), or -1. */
  private readonly keyId: number[] = [];
  private pool = new Uint8Array(1024);
  /** The pool as words, for comparing four bytes at a time. */
  private poolWords = new Int32Array(this.pool.buffer);
  private poolUsed = 0;
  /** Open addressing: hash → key + 1 (0: empty). */
  private readonly table: Int32Array;
  private readonly mask: number;
  /** The line each key was last seen on (a duplicate declines). */
  private readonly seen: Int32Array;
  private gen = 0;
  /** The key found at each place of the last line's object, -1 when none is known. */
  private readonly expected = new Int32Array(MAX_POSITIONS).fill(-1);
  private readonly idKey: number[];
  private readonly ids: Array<string | null> = [null, null, null];

  /** Unknown keys not remembered, for duplicates: a stack of [start, length, hash], one frame per object. */
  private readonly ukStart: number[] = [];
  private readonly ukLen: number[] = [];
  private readonly ukHash: number[] = [];
  private ukTop = 0;

  /** Where findKey found the key's closing quote. */
  private keyEnd = 0;

  private bytes: Uint8Array = new Uint8Array(0);
  private view = new DataView(this.bytes.buffer);
  private start = 0;
  private end = 0;

  constructor(inputs: InputSpec[]) {
    this.count = inputs.length;
    this.specs = inputs;
    this.slots = Int32Array.from(inputs, (s) => s.slot);
    this.kinds = Uint8Array.from(inputs, kindOf);
    this.checks = Uint8Array.from(inputs, checkOf);
    this.hasDefault = inputs.map((s) => s.hasDefault);
    this.defaults = inputs.map((s) => s.default);
    const values = inputs.map((s) => (s.type.k === "text" && s.type.values ? s.type.values.filter(roundTrips) : []));
    this.choiceText = values;
    this.choiceBytes = values.map((vs) => vs.map((v) => utf8.encode(v)));
    this.capacity = inputs.length + ID_KEYS.length + MAX_LEARNED;
    let size = 16;
    while (size < this.capacity * 2) size *= 2;
    this.table = new Int32Array(size);
    this.mask = size - 1;
    this.seen = new Int32Array(this.capacity);
    for (const spec of inputs) this.addKey(utf8.encode(spec.name), 0, -1);
    this.idKey = ID_KEYS.map((name, rank) => this.addKey(utf8.encode(name), 0, rank));
  }

  /** The line to bind next: bytes [start, end) of `bytes`, without its newline. */
  line(bytes: Uint8Array, start: number, end: number): void {
    if (bytes !== this.bytes) {
      this.bytes = bytes;
      this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
    this.start = start;
    this.end = end;
  }

  private slotOf(h: number): number {
    return (h ^ (h >>> 15)) & this.mask;
  }

  /** Remembers the key in `from` from offset `s` (to its length); returns its index. */
  private addKey(from: Uint8Array, s: number, id: number, len = from.length - s): number {
    const off = this.poolUsed;
    if (off + len + 4 > this.pool.length) {
      const bigger = new Uint8Array(Math.max(this.pool.length * 2, (off + len + 7) & ~3));
      bigger.set(this.pool);
      this.pool = bigger;
      this.poolWords = new Int32Array(bigger.buffer);
    }
    this.pool.set(from.subarray(s, s + len), off);
    this.poolUsed = (off + len + 3) & ~3;
    const k = this.keyCount++;
    const h = hashOf(from, s, s + len);
    this.keyOff.push(off);
    this.keyLen.push(len);
    this.keyHash.push(h);
    this.keyTail.push(len >= 4 ? new DataView(from.buffer, from.byteOffset + s + len - 4, 4).getInt32(0, LITTLE_ENDIAN) : 0);
    this.keyId.push(id);
    let x = this.slotOf(h);
    while (this.table[x] !== 0) x = (x + 1) & this.mask;
    this.table[x] = k + 1;
    return k;
  }

  /** Whether key k's bytes, then a quote, start at `ks` of the line. */
  private keyAt(k: number, b: Uint8Array, ks: number, end: number): boolean {
    const len = this.keyLen[k];
    if (ks + len >= end || b[ks + len] !== QUOTE) return false;
    const off = this.keyOff[k];
    const view = this.view;
    const words = this.poolWords;
    if (len < 4) {
      for (let j = 0; j < len; j++) if (b[ks + j] !== this.pool[off + j]) return false;
      return true;
    }
    // Four bytes at a time (in the platform's byte order, as the pool's words are), the last
    // four as one more word: most of a line's bytes are its keys.
    for (let j = 0; j + 4 < len; j += 4) if (view.getInt32(ks + j, LITTLE_ENDIAN) !== words[(off + j) >> 2]) return false;
    return view.getInt32(ks + len - 4, LITTLE_ENDIAN) === this.keyTail[k];
  }

  private lookup(b: Uint8Array, s: number, e: number, h: number): number {
    for (let x = this.slotOf(h); ; x = (x + 1) & this.mask) {
      const entry = this.table[x];
      if (entry === 0) return -1;
      const k = entry - 1;
      if (this.keyHash[k] === h && this.keyLen[k] === e - s && this.keyAt(k, b, s, e + 1)) return k;
    }
  }

  /** Records an unknown key of the object whose keys start at `base`; false when it is already there. */
  private newKey(b: Uint8Array, s: number, e: number, h: number, base: number): boolean {
    const len = e - s;
    for (let k = base; k < this.ukTop; k++) {
      if (this.ukHash[k] !== h || this.ukLen[k] !== len) continue;
      const o = this.ukStart[k];
      let same = true;
      for (let i = 0; i < len; i++) {
        if (b[o + i] !== b[s + i]) {
          same = false;
          break;
        }
      }
      if (same) return false;
    }
    const top = this.ukTop++;
    this.ukStart[top] = s;
    this.ukLen[top] = len;
    this.ukHash[top] = h;
    return true;
  }

  /** Set by plainString: whether the string's bytes were all ASCII, and their hash (for key lookup). */
  private ascii = true;
  private hash = 0;

  /**
   * The index of the closing quote of a string starting at s, or -1 when it has an escape or a
   * control character, or does not end: such a string is left to the careful path.
   */
  private plainString(b: Uint8Array, s: number, end: number): number {
    let h = 0;
    let ascii = true;
    for (let p = s; p < end; p++) {
      const c = b[p];
      if (c === QUOTE) {
        this.ascii = ascii;
        this.hash = h;
        return p;
      }
      if (c === BACKSLASH || c < 0x20) return -1;
      if (c >= 0x80) ascii = false;
      h = (Math.imul(h, 31) + c) | 0;
    }
    return -1;
  }

  /**
   * A key that is not the one the last line had at this place: read, checked and looked up
   * (remembered when new); its closing quote's index in keyEnd. The known key's index, -1 for an
   * unknown key not remembered, NO_KEY when the line must be declined.
   */
  private findKey(b: Uint8Array, ks: number, end: number, place: number): number {
    const p = this.plainString(b, ks, end);
    if (p < 0 || (!this.ascii && !validUtf8(b, ks, p))) return NO_KEY;
    const h = this.hash;
    let k = this.lookup(b, ks, p, h);
    if (k < 0 && this.keyCount < this.capacity && p - ks <= 128) k = this.addKey(b, ks, -1, p - ks);
    if (k < 0 && !this.newKey(b, ks, p, h, 0)) return NO_KEY;
    if (place < MAX_POSITIONS) this.expected[place] = k;
    this.keyEnd = p;
    return k;
  }

  bind(vals: unknown[]): string | null | typeof DECLINED {
    const b = this.bytes;
    const end = this.end;
    if (this.gen === 0x7fffffff) {
      this.seen.fill(0);
      this.gen = 0;
    }
    const gen = ++this.gen;
    const seen = this.seen;
    this.ukTop = 0;
    let i = ws(b, this.start, end);
    if (i >= end || b[i] !== LBRACE) return DECLINED;
    i = ws(b, i + 1, end);
    if (i < end && b[i] === RBRACE) i++;
    else {
      for (let place = 0; ; place++) {
        if (i >= end || b[i] !== QUOTE) return DECLINED;
        const ks = i + 1;
        let k = place < MAX_POSITIONS ? this.expected[place] : -1;
        if (k >= 0 && this.keyAt(k, b, ks, end)) {
          i = ks + this.keyLen[k] + 1;
        } else {
          k = this.findKey(b, ks, end, place);
          if (k === NO_KEY) return DECLINED;
          i = this.keyEnd + 1;
        }
        // Whitespace is looked for only where a byte is not what a compact line has.
        if (i >= end || b[i] !== COLON) {
          i = ws(b, i, end);
          if (i >= end || b[i] !== COLON) return DECLINED;
        }
        i++;
        if (i < end && b[i] <= 32) i = ws(b, i, end);
        if (i >= end) return DECLINED;
        if (k < 0) i = this.skipValue(b, i, end, 0);
        else {
          if (seen[k] === gen) return DECLINED;
          seen[k] = gen;
          if (k < this.count) i = this.kinds[k] === NUM ? this.readNumber(k, b, i, end, vals) : this.readInput(k, b, i, end, vals);
          else if (this.keyId[k] >= 0) i = this.readId(this.keyId[k], b, i, end);
          else i = this.skipValue(b, i, end, 0);
        }
        if (i < 0) return DECLINED;
        if (i < end && b[i] <= 32) i = ws(b, i, end);
        if (i >= end) return DECLINED;
        const c = b[i];
        if (c === COMMA) {
          i++;
          if (i < end && b[i] <= 32) i = ws(b, i, end);
          continue;
        }
        if (c !== RBRACE) return DECLINED;
        i++;
        break;
      }
    }
    if (ws(b, i, end) !== end) return DECLINED;
    for (let n = 0; n < this.count; n++) {
      if (seen[n] === gen) continue;
      // Absent: its default, or the careful path's MISSING_FIELD.
      if (!this.hasDefault[n]) return DECLINED;
      vals[this.slots[n]] = this.defaults[n];
    }
    for (let r = 0; r < 3; r++) {
      if (seen[this.idKey[r]] === gen && this.ids[r] !== null) return this.ids[r];
    }
    return null;
  }

  private readInput(n: number, b: Uint8Array, i: number, end: number, vals: unknown[]): number {
    switch (this.kinds[n]) {
      case NUM:
        return this.readNumber(n, b, i, end, vals);
      case BOOL: {
        const c = b[i];
        let p: number;
        if (c === 116 /* t */) p = literal(b, i, end, TRUE);
        else if (c === 102 /* f */) p = literal(b, i, end, FALSE);
        else if (c === QUOTE) {
          p = literal(b, i, end, QUOTED_TRUE);
          if (p < 0) p = literal(b, i, end, QUOTED_FALSE);
        } else return -1;
        if (p < 0) return -1;
        // Matched as true or false, quoted or not: true is the one with a t first.
        vals[this.slots[n]] = b[i] === 116 || b[i + 1] === 116;
        return p;
      }
      default: {
        if (b[i] !== QUOTE) return -1;
        const s = i + 1;
        const p = this.plainString(b, s, end);
        if (p < 0) return -1;
        const ascii = this.ascii;
        if (this.kinds[n] === CHOICE) {
          const choices = this.choiceBytes[n];
          let m = 0;
          while (m < choices.length && !sameBytes(b, s, p, choices[m])) m++;
          if (m === choices.length) return -1;
          vals[this.slots[n]] = this.choiceText[n][m];
        } else {
          vals[this.slots[n]] = textOf(b, s, p, ascii);
        }
        return p + 1;
      }
    }
  }

  /**
   * A decimal string, read as parseDecimal's short path reads it (a string it would leave to its
   * long path declines), or a bare JSON number whose text both JSON parsers leave as it is.
   */
  private readNumber(n: number, b: Uint8Array, i: number, end: number, vals: unknown[]): number {
    const quoted = b[i] === QUOTE;
    let p = quoted ? i + 1 : i;
    const c0 = p < end ? b[p] : 0;
    const negative = c0 === MINUS;
    if (negative || (quoted && c0 === PLUS)) p++;
    const first = p;
    // The digits as one integer, as parseDecimal reads them: nine at a time in a small integer
    // (cheaper than a double), exact while the whole stays a safe integer.
    let v = 0;
    let a = 0;
    let k = 0;
    for (; p < end; p++) {
      const c = b[p] - 48;
      if (c < 0 || c > 9) break;
      a = a * 10 + c;
      if (++k === 9) {
        v = v * 1e9 + a;
        a = 0;
        k = 0;
      }
    }
    const whole = p - first;
    let scale = 0;
    let fraction = 0;
    if (p < end && b[p] === DOT) {
      const f = ++p;
      for (; p < end; p++) {
        const c = b[p] - 48;
        if (c < 0 || c > 9) break;
        a = a * 10 + c;
        fraction |= c;
        if (++k === 9) {
          v = v * 1e9 + a;
          a = 0;
          k = 0;
        }
      }
      scale = p - f;
      // "1." and "1.x": not parseDecimal's short path, not JSON.
      if (scale === 0) return -1;
    }
    v = v * POW10[k] + a;
    if (whole === 0 || scale > 15 || v > MAX) return -1;
    if (quoted) {
      if (p >= end || b[p] !== QUOTE) return -1;
      p++;
    } else {
      // JSON.parse makes a double and the careful path reads its shortest text back: the same
      // text when it has at most 15 digits, no leading or trailing zeros and no exponent.
      if (whole + scale > 15 || (b[first] === ZERO && whole > 1)) return -1;
      if (scale > 0) {
        if (b[p - 1] === ZERO) return -1;
        // "0.000001": a double prints it back as 1e-6 once smaller still; and the careful path reads it losslessly.
        if (scale >= 5 && b[first + whole + 1] === ZERO && b[first + whole + 2] === ZERO && b[first + whole + 3] === ZERO && b[first + whole + 4] === ZERO && b[first + whole + 5] === ZERO) return -1;
      }
      if (p < end && (b[p] === 101 || b[p] === 69)) return -1;
    }
    if (negative) v = -v;
    let num: Num;
    if (fraction === 0) {
      const w = scale === 0 ? v : v / POW10[scale];
      num = w === 0 ? 0 : w;
    } else {
      num = new Ratio(v, POW10[scale]);
    }
    switch (this.checks[n]) {
      case NOT_NEGATIVE:
        if (typeof num === "number" ? num < 0 : (num as Ratio).n < 0) return -1;
        break;
      case WHOLE_NOT_NEGATIVE:
        if (typeof num !== "number" || num < 0) return -1;
        break;
      case WHOLE:
        if (typeof num !== "number") return -1;
        break;
      case UNIT_INTERVAL:
        if (typeof num === "number" ? num !== 0 && num !== 1 : (num as Ratio).n < 0 || (num as Ratio).n > (num as Ratio).d) return -1;
        break;
      case CAREFUL:
        if (!numberAccepted(this.specs[n], num)) return -1;
        break;
      default:
        break;
    }
    vals[this.slots[n]] = num;
    return p;
  }

  /** customer_id, customerId or id: text without escapes, a plain whole number, or null (the next field is asked). */
  private readId(rank: number, b: Uint8Array, i: number, end: number): number {
    const c = b[i];
    if (c === QUOTE) {
      const s = i + 1;
      const p = this.plainString(b, s, end);
      if (p < 0) return -1;
      this.ids[rank] = textOf(b, s, p, this.ascii);
      return p + 1;
    }
    if (c === 110 /* n */) {
      this.ids[rank] = null;
      return literal(b, i, end, NULL);
    }
    // String(number) of a whole number of at most 15 digits is its text, as is a lossless number's.
    let p = c === MINUS ? i + 1 : i;
    const first = p;
    while (p < end && b[p] >= ZERO && b[p] <= 57) p++;
    if (p === first || p - first > 15 || (b[first] === ZERO && (p - first > 1 || c === MINUS))) return -1;
    if (p < end && (b[p] === DOT || b[p] === 101 || b[p] === 69)) return -1;
    this.ids[rank] = textOf(b, i, p, true);
    return p;
  }

  /** An unknown field's value, checked as JSON; the index after it, or -1. */
  private skipValue(b: Uint8Array, i: number, end: number, depth: number): number {
    const c = b[i];
    if (c === QUOTE) return skipString(b, i, end);
    if (c === MINUS || (c >= ZERO && c <= 57)) return skipNumber(b, i, end);
    if (c === 116) return literal(b, i, end, TRUE);
    if (c === 102) return literal(b, i, end, FALSE);
    if (c === 110) return literal(b, i, end, NULL);
    if (depth >= MAX_DEPTH) return -1;
    if (c === LBRACE) return this.skipObject(b, i, end, depth + 1);
    if (c === LBRACKET) return this.skipArray(b, i, end, depth + 1);
    return -1;
  }

  private skipObject(b: Uint8Array, i: number, end: number, depth: number): number {
    let p = ws(b, i + 1, end);
    if (p < end && b[p] === RBRACE) return p + 1;
    const base = this.ukTop;
    for (;;) {
      if (p >= end || b[p] !== QUOTE) return -1;
      const ks = p + 1;
      p = this.plainString(b, ks, end);
      if (p < 0 || (!this.ascii && !validUtf8(b, ks, p))) return -1;
      if (!this.newKey(b, ks, p, this.hash, base)) return -1;
      p = ws(b, p + 1, end);
      if (p >= end || b[p] !== COLON) return -1;
      p = ws(b, p + 1, end);
      if (p >= end) return -1;
      p = this.skipValue(b, p, end, depth);
      if (p < 0) return -1;
      p = ws(b, p, end);
      if (p >= end) return -1;
      if (b[p] === COMMA) {
        p = ws(b, p + 1, end);
        continue;
      }
      if (b[p] !== RBRACE) return -1;
      this.ukTop = base;
      return p + 1;
    }
  }

  private skipArray(b: Uint8Array, i: number, end: number, depth: number): number {
    let p = ws(b, i + 1, end);
    if (p < end && b[p] === RBRACKET) return p + 1;
    for (;;) {
      if (p >= end) return -1;
      p = this.skipValue(b, p, end, depth);
      if (p < 0) return -1;
      p = ws(b, p, end);
      if (p >= end) return -1;
      if (b[p] === COMMA) {
        p = ws(b, p + 1, end);
        continue;
      }
      if (b[p] !== RBRACKET) return -1;
      return p + 1;
    }
  }
}
