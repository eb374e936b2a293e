import { labelFromBytes } from '../names';
import { quoteText } from './codec';

/** Thrown by `WireReader` when RDATA octets do not fit the type's layout. */
export class WireError extends Error {}

/**
 * Thrown by a `fromWire` for valid data that has no text form (a LOC version
 * other than 0, an APL address family or AMTRELAY relay type BIND does not
 * know): BIND keeps such RDATA and prints it in the generic `\#` form.
 */
export class GenericOnly extends WireError {}

/**
 * Reads wire-format RDATA (from RFC 3597 `\# len hex` data of a known type).
 * Every read checks the length; running past the end throws a `WireError`,
 * as BIND's "unexpected end of input".
 */
export class WireReader {
  private pos = 0;

  constructor(readonly data: Uint8Array) {}

  /** Octets not read yet. */
  get left(): number {
    return this.data.length - this.pos;
  }

  private need(n: number, what: string): void {
    if (this.pos + n > this.data.length) {
      throw new WireError(`the RDATA ends before its ${what} (${this.data.length} octets)`);
    }
  }

  /** One octet; `what` names the field in the error when the data ends. */
  u8(what = 'data'): number {
    this.need(1, what);
    return this.data[this.pos++];
  }

  /** A 16-bit big-endian integer. */
  u16(what = 'data'): number {
    this.need(2, what);
    const v = (this.data[this.pos] << 8) | this.data[this.pos + 1];
    this.pos += 2;
    return v;
  }

  /** A 32-bit big-endian integer (as a non-negative number). */
  u32(what = 'data'): number {
    this.need(4, what);
    const d = this.data;
    const p = this.pos;
    this.pos += 4;
    return d[p] * 0x1000000 + ((d[p + 1] << 16) | (d[p + 2] << 8) | d[p + 3]);
  }

  /** The next `n` octets (a view, not a copy). */
  bytes(n: number, what = 'data'): Uint8Array {
    this.need(n, what);
    const v = this.data.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }

  /** Everything left (possibly empty). */
  rest(): Uint8Array {
    const v = this.data.subarray(this.pos);
    this.pos = this.data.length;
    return v;
  }

  /**
   * An uncompressed wire name, as absolute presentation text (BIND escapes).
   * Compression pointers are not allowed in RFC 3597 data (RFC 3597 §4).
   */
  name(what = 'name'): string {
    let s = '';
    let total = 0;
    for (;;) {
      const len = this.u8(what);
      if (len === 0) break;
      if (len > 63) throw new WireError(`the ${what} has a compression pointer or bad label length (${len})`);
      total += len + 1;
      if (total + 1 > 255) throw new WireError(`the ${what} is longer than 255 octets`);
      s += labelFromBytes(this.bytes(len, what)) + '.';
    }
    return s === '' ? '.' : s;
  }

  /** A length-prefixed character-string, in BIND's quoted presentation. */
  charString(what = 'character-string'): string {
    const n = this.u8(what);
    return quoteText(this.bytes(n, what));
  }

  /** True when every octet has been read. */
  done(): boolean {
    return this.pos === this.data.length;
  }

  /** Throws unless every octet has been read (BIND: "extra input data"). */
  end(): void {
    if (this.pos !== this.data.length) {
      throw new WireError(`${this.data.length - this.pos} octet(s) of RDATA left over after the last field`);
    }
  }
}
