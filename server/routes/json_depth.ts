/**
 * Where a JSON text nests arrays and objects deeper than `maxDepth`, or null when it does not.
 * Scans the raw bytes before they are parsed, so a body of a million `[` is refused in one pass
 * instead of being parsed into a structure that a recursive validator later overflows its stack on.
 * Brackets inside strings do not count.
 *
 * @example jsonTooDeep(Buffer.from('[[[1]]]'), 2) // → { position: 2, depth: 3 }
 */
export function jsonTooDeep(body: Uint8Array, maxDepth: number): { position: number; depth: number } | null {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped byte
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth) return { position: i, depth };
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return null;
}
