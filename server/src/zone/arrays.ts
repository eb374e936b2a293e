/**
 * `a` with room for index `i`: the same array, or a copy twice as long (or
 * long enough), and at most `most` long (`i` below it).
 */
export function room(a: Int32Array<ArrayBuffer>, i: number, most = Infinity): Int32Array<ArrayBuffer> {
  if (i < a.length) return a;
  const b = new Int32Array(Math.min(most, Math.max(2 * a.length, i + 1)));
  b.set(a);
  return b;
}
