import t from 'tap';
import { hashPassword, verifyPassword } from '../src/index.js';

t.test('hashes are argon2id with the chosen parameters and a fresh salt', async (t) => {
  const password = `p"a'ss\\w[o]rd ÄÖ 🚀`;
  const first = await hashPassword(password);
  const second = await hashPassword(password);
  t.match(first, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  t.not(first, second, 'salted');
  t.ok(await verifyPassword(first, password));
  t.ok(await verifyPassword(second, password));
});

t.test('wrong passwords and malformed hashes do not verify', async (t) => {
  const hash = await hashPassword('right');
  t.notOk(await verifyPassword(hash, 'wrong'));
  t.notOk(await verifyPassword(hash, 'Right'));
  t.notOk(await verifyPassword('not a hash', 'right'));
  t.notOk(await verifyPassword('', ''));
});

t.test('with no hash (an unknown user) nothing verifies', async (t) => {
  t.notOk(await verifyPassword(undefined, 'anything'));
  t.notOk(await verifyPassword(undefined, ''));
});
