import { hashBounds } from './hash-bounds.js';

// The PHC string argon2 writes, and nothing else: argon2id, version 19, the
// three parameters in order, unpadded base64 salt and hash.
const argon2idPattern =
  /^\$argon2id\$v=19\$m=([1-9]\d{0,9}),t=([1-9]\d{0,9}),p=([1-9]\d{0,9})\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

const base64Bytes = (text: string) => Math.floor((text.length * 3) / 4);

/**
 * Whether `hash` is an argon2id hash, and if so why checking it would cost
 * more than `hashBounds` allow (undefined when it would not). Undefined
 * altogether for anything else, argon2i and argon2d included.
 */
export function argon2idHash(hash: string): { beyondBounds?: string } | undefined {
  const match = argon2idPattern.exec(hash);
  if (!match) return;
  const [, m = '', t = '', p = '', salt = '', key = ''] = match;
  const bounds = hashBounds.argon2id;
  const beyond = [
    Number(m) > bounds.memoryKiB && `m=${m} KiB, over ${bounds.memoryKiB}`,
    Number(t) > bounds.passes && `t=${t} passes, over ${bounds.passes}`,
    Number(p) > bounds.lanes && `p=${p} lanes, over ${bounds.lanes}`,
    base64Bytes(salt) > bounds.saltBytes && `a ${base64Bytes(salt)}-byte salt`,
    base64Bytes(key) > bounds.hashBytes && `a ${base64Bytes(key)}-byte hash`,
  ].filter((reason) => typeof reason === 'string');
  return beyond.length > 0 ? { beyondBounds: `argon2id ${beyond.join(', ')}` } : {};
}
