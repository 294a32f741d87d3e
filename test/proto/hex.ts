// Test helpers: bytes <-> spaced lower-case hex, so byte expectations read like a dump.

export function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}

export function unhex(text: string): Uint8Array {
  const parts = text.split(/\s+/).filter((p) => p !== '');
  return Uint8Array.from(parts, (p) => {
    if (!/^[0-9a-f]{2}$/.test(p)) throw new TypeError(`bad hex byte: ${p}`);
    return parseInt(p, 16);
  });
}
