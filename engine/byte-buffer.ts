/**
 * A growable byte buffer for UTF-8 output, and the few ways text goes into it: pre-encoded byte
 * runs, JSON strings (escaped exactly as JSON.stringify escapes them) and plain text. Growth
 * doubles, so appending stays amortised O(1) per byte; `bytes()` is a view whose ArrayBuffer can
 * be transferred to another thread.
 */

export class ByteBuffer {
  buf: Uint8Array;
  /** The same memory, for writing four bytes at once (a byte loop costs a store per byte). */
  view: DataView;
  length = 0;
  /** Texts put for later (putAsciiLater), and where their bytes go. */
  private laterText: string[] = [];
  private laterAt: number[] = [];

  constructor(capacity = 64 * 1024) {
    this.buf = new Uint8Array(Math.max(64, capacity));
    this.view = new DataView(this.buf.buffer);
  }

  /** Makes room for `n` more bytes. */
  reserve(n: number): void {
    const need = this.length + n;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.buf.subarray(0, this.length));
    this.buf = grown;
    this.view = new DataView(grown.buffer);
  }

  /** The bytes written so far: a view of this buffer's memory, whose ArrayBuffer can be transferred. */
  bytes(): Uint8Array {
    this.settle();
    return this.buf.subarray(0, this.length);
  }

  /** Drops what was written from `at` on (texts put for later there included). */
  truncate(at: number): void {
    while (this.laterAt.length > 0 && this.laterAt[this.laterAt.length - 1] >= at) {
      this.laterAt.pop();
      this.laterText.pop();
    }
    this.length = Math.min(this.length, at);
  }

  /** Keeps `n` bytes for `text`, filled in by settle(). */
  later(text: string): void {
    this.laterText.push(text);
    this.laterAt.push(this.length);
    this.length += text.length;
  }

  /** Fills in the texts put for later: all encoded with one native call, then copied into place. */
  settle(): void {
    const texts = this.laterText;
    if (texts.length === 0) return;
    const at = this.laterAt;
    this.laterText = [];
    this.laterAt = [];
    let joined = "";
    for (let i = 0; i < texts.length; i++) joined += texts[i];
    if (scratch.length < joined.length) {
      scratch = new Uint8Array(joined.length * 2);
      scratchView = new DataView(scratch.buffer);
    }
    // Plain ASCII is as many bytes as characters; anything else writes more bytes, or stops early.
    const { read, written } = encoder.encodeInto(joined, scratch);
    if (read === joined.length && written === joined.length) {
      const view = this.view;
      const b = this.buf;
      let from = 0;
      for (let i = 0; i < texts.length; i++) {
        let p = at[i];
        const end = from + texts[i].length;
        for (; from + 4 <= end; from += 4, p += 4) view.setUint32(p, scratchView.getUint32(from, true), true);
        for (; from < end; from++) b[p++] = scratch[from];
      }
      return;
    }
    // Not ASCII after all: the bytes are written again, each such text escaped and encoded.
    const old = this.buf.slice(0, this.length);
    this.length = 0;
    let from = 0;
    for (let i = 0; i < texts.length; i++) {
      putSlice(this, old, from, at[i]);
      putJsonChars(this, texts[i]);
      from = at[i] + texts[i].length;
    }
    putSlice(this, old, from, old.length);
  }
}

/** Where texts put for later are encoded together (one per thread: settling is synchronous). */
let scratch = new Uint8Array(64 * 1024);
let scratchView = new DataView(scratch.buffer);

function putSlice(out: ByteBuffer, src: Uint8Array, from: number, to: number): void {
  out.reserve(to - from);
  out.buf.set(src.subarray(from, to), out.length);
  out.length += to - from;
}

const encoder = new TextEncoder();

/** A constant text's UTF-8 bytes, prepared for copying: as little-endian 32-bit words, and the last few bytes. */
export class ByteRun {
  readonly bytes: Uint8Array;
  readonly words: Uint32Array;

  constructor(text: string) {
    this.bytes = encoder.encode(text);
    const view = new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
    this.words = new Uint32Array(this.bytes.length >> 2);
    for (let i = 0; i < this.words.length; i++) this.words[i] = view.getUint32(i * 4, true);
  }
}

/**
 * Runs this long or longer are copied with `set`. Measured (docs/performance.md): a native call
 * costs about as much as copying 60 bytes a word at a time, and a byte loop about twice the words.
 */
const SET_FROM = 64;

export function putRun(out: ByteBuffer, run: ByteRun): void {
  const src = run.bytes;
  const n = src.length;
  if (out.length + n > out.buf.length) out.reserve(n);
  let p = out.length;
  out.length = p + n;
  if (n >= SET_FROM) {
    out.buf.set(src, p);
    return;
  }
  const words = run.words;
  const view = out.view;
  const w = words.length;
  for (let i = 0; i < w; i++, p += 4) view.setUint32(p, words[i], true);
  const b = out.buf;
  for (let i = w << 2; i < n; i++) b[p++] = src[i];
}

/**
 * A text JSON writes as it is, in all likelihood (the engine's decimal texts: digits, sign,
 * point), written when the bytes are taken: its place is kept now and all such texts of the
 * buffer are then encoded together with one native call. A text made by concatenation is not
 * one piece in memory until something flattens it, and reading its characters from JavaScript
 * flattens each such text with a runtime call that costs more than copying its characters. A
 * text that turns out not to be plain ASCII is escaped and encoded as putJsonChars would.
 */
export function putAsciiLater(out: ByteBuffer, text: string): void {
  if (out.length + text.length > out.buf.length) out.reserve(text.length);
  out.later(text);
}

export function putByte(out: ByteBuffer, byte: number): void {
  if (out.length === out.buf.length) out.reserve(1);
  out.buf[out.length++] = byte;
}

/** Any text as UTF-8, as TextEncoder writes it (a lone surrogate becomes U+FFFD). */
export function putText(out: ByteBuffer, text: string): void {
  out.reserve(text.length * 3);
  const { written } = encoder.encodeInto(text, out.buf.subarray(out.length));
  out.length += written;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const HEX = "0123456789abcdef";
/** The letter of each character's short escape (\" \\ \b \f \n \r \t); 0 for the rest. Pairs: the character, its letter. */
const SHORT_ESCAPE = new Uint8Array(0x80);
for (const [c, letter] of ['""', "\\\\", "\bb", "\ff", "\nn", "\rr", "\tt"]) SHORT_ESCAPE[c.charCodeAt(0)] = letter.charCodeAt(0);

/**
 * A string as JSON text: in quotes, escaped as JSON.stringify escapes (`\"`, `\\`, the short
 * escapes \b \f \n \r \t, other control characters and lone surrogates as lower-case \uXXXX),
 * then UTF-8.
 */
export function putJsonString(out: ByteBuffer, s: string): void {
  putByte(out, QUOTE);
  putJsonChars(out, s);
  putByte(out, QUOTE);
}

/**
 * What goes between the quotes of a JSON string: `s`, or its characters from `from` to `to`.
 * Plain ASCII, the usual case, is copied in one pass.
 */
export function putJsonChars(out: ByteBuffer, s: string, from = 0, to = s.length): void {
  if (out.length + (to - from) > out.buf.length) out.reserve(to - from);
  const b = out.buf;
  let p = out.length;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === QUOTE || c === BACKSLASH) {
      out.length = p;
      putEscaped(out, s, i, to);
      return;
    }
    b[p++] = c;
  }
  out.length = p;
}

/** The characters of `s` from `from` to `to`, escaped and encoded. */
function putEscaped(out: ByteBuffer, s: string, from: number, to: number): void {
  const n = to;
  // At most 6 bytes per UTF-16 unit (\uXXXX).
  out.reserve((n - from) * 6);
  const b = out.buf;
  let p = out.length;
  for (let i = from; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      if (c >= 0x20 && c !== QUOTE && c !== BACKSLASH) {
        b[p++] = c;
        continue;
      }
      b[p++] = BACKSLASH;
      const e = SHORT_ESCAPE[c];
      if (e !== 0) b[p++] = e;
      else p = putUnicodeEscape(b, p, c);
    } else if (c < 0x800) {
      b[p++] = 0xc0 | (c >> 6);
      b[p++] = 0x80 | (c & 0x3f);
    } else if (c < 0xd800 || c > 0xdfff) {
      b[p++] = 0xe0 | (c >> 12);
      b[p++] = 0x80 | ((c >> 6) & 0x3f);
      b[p++] = 0x80 | (c & 0x3f);
    } else {
      const d = i + 1 < n ? s.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
        const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        b[p++] = 0xf0 | (cp >> 18);
        b[p++] = 0x80 | ((cp >> 12) & 0x3f);
        b[p++] = 0x80 | ((cp >> 6) & 0x3f);
        b[p++] = 0x80 | (cp & 0x3f);
        i++;
      } else {
        // A lone surrogate: JSON.stringify writes it as an escape (well-formed since ES2019).
        b[p++] = BACKSLASH;
        p = putUnicodeEscape(b, p, c);
      }
    }
  }
  out.length = p;
}

/** `uXXXX` (the backslash is already written). */
function putUnicodeEscape(b: Uint8Array, p: number, c: number): number {
  b[p++] = 0x75; // u
  b[p++] = HEX.charCodeAt(c >> 12);
  b[p++] = HEX.charCodeAt((c >> 8) & 15);
  b[p++] = HEX.charCodeAt((c >> 4) & 15);
  b[p++] = HEX.charCodeAt(c & 15);
  return p;
}
