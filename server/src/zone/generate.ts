/**
 * BIND's `$GENERATE` templates: `$` is the iterator, `${offset,width,base}`
 * formats it (bases d, o, x, X, and the nibble modes n, N that write reversed
 * hex digits separated by dots, `width` counting characters), `\$` is a
 * literal dollar sign that stays escaped.
 */

/** A parsed range `start-stop[/step]`. */
export interface GenerateRange {
  start: number;
  stop: number;
  step: number;
}

const MAX_ITERATOR = 0xffffffff;

/** Reads `start-stop[/step]`; returns a message when it is malformed or inverted. */
export function parseRange(text: string): GenerateRange | string {
  const m = /^(\d{1,10})-(\d{1,10})(?:\/(\d{1,10}))?$/.exec(text);
  if (m === null) return `'${text}' is not a $GENERATE range: write start-stop or start-stop/step`;
  const start = Number(m[1]);
  const stop = Number(m[2]);
  const step = m[3] === undefined ? 1 : Number(m[3]);
  if (start > MAX_ITERATOR || stop > MAX_ITERATOR) return `$GENERATE range '${text}' is out of range (0-4294967295)`;
  if (stop < start) return `$GENERATE range '${text}' runs backwards`;
  if (step === 0) return `$GENERATE step must be at least 1`;
  return { start, stop, step };
}

/** How many values a range produces. */
export function rangeCount(r: GenerateRange): number {
  return Math.floor((r.stop - r.start) / r.step) + 1;
}

/** The widest `${offset,width,base}` value (the length of a whole name). */
const MAX_WIDTH = 255;

/** A template split into literal text and iterator substitutions. */
export type Template = (string | { offset: number; width: number; base: string })[];

/** Parses a template; returns a message when a `${…}` is malformed. */
export function parseTemplate(text: string): Template | string {
  const out: Template = [];
  let lit = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && i + 1 < text.length) {
      lit += c + text[i + 1];
      i++;
      continue;
    }
    if (c !== '$') {
      lit += c;
      continue;
    }
    if (lit) out.push(lit);
    lit = '';
    if (text[i + 1] !== '{') {
      out.push({ offset: 0, width: 0, base: 'd' });
      continue;
    }
    const close = text.indexOf('}', i + 2);
    if (close < 0) return `'${text}' has a \${ without its closing }`;
    const m = /^([+-]?\d+)(?:,(\d+)(?:,([doxXnN]))?)?$/.exec(text.slice(i + 2, close));
    if (m === null) return `'${text.slice(i, close + 1)}' is not a $GENERATE modifier: write \${offset,width,base}`;
    const width = m[2] === undefined ? 0 : Number(m[2]);
    // A name holds at most 255 characters: a wider value cannot be in a record, and padding it to
    // billions of digits would hang the parser.
    if (width > MAX_WIDTH) {
      return `'${text.slice(i, close + 1)}' asks for ${m[2]} digits; a $GENERATE value has at most ${MAX_WIDTH}`;
    }
    out.push({ offset: Number(m[1]), width, base: m[3] ?? 'd' });
    i = close;
  }
  if (lit) out.push(lit);
  return out;
}

/** The template's text for one iterator value. */
export function expand(t: Template, value: number): string {
  let s = '';
  for (const part of t) {
    if (typeof part === 'string') s += part;
    else s += formatValue(value + part.offset, part.width, part.base);
  }
  return s;
}

function formatValue(v: number, width: number, base: string): string {
  if (base === 'n' || base === 'N') return nibbles(v, width, base === 'N');
  let s: string;
  switch (base) {
    case 'o':
      s = v.toString(8);
      break;
    case 'x':
      s = v.toString(16);
      break;
    case 'X':
      s = v.toString(16).toUpperCase();
      break;
    default:
      s = String(v);
  }
  if (v < 0) return '-' + s.slice(1).padStart(width - 1, '0');
  return s.padStart(width, '0');
}

function nibbles(v: number, width: number, upper: boolean): string {
  const digits = upper ? '0123456789ABCDEF' : '0123456789abcdef';
  let s = '';
  let value = v >>> 0;
  for (;;) {
    s += digits[value & 0xf];
    value >>>= 4;
    if (value === 0 && s.length >= width) break;
    s += '.';
    if (!(value !== 0 || s.length < width)) break;
  }
  return s;
}
