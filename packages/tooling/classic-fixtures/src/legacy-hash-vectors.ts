/** A hash as an earlier system stored it, and the password it was made from. */
export interface LegacyHashVector {
  system: string;
  /** The format's name as @minitwit/passwords calls it. */
  format: string;
  password: string;
  hash: string;
}

/**
 * Fixed test vectors, computed outside this code base with Python's hashlib
 * following each system's published algorithm: Werkzeug's
 * generate_password_hash (pbkdf2_hmac over the UTF-8 password and salt, hex;
 * scrypt with dklen 64, hex), Django's PBKDF2PasswordHasher and
 * PBKDF2SHA1PasswordHasher (base64 of the derived key), and plain hex digests.
 * The iteration counts are each system's defaults of their time.
 */
export const legacyHashVectors: readonly LegacyHashVector[] = [
  {
    system: 'Werkzeug 3.0 pbkdf2:sha256',
    format: 'werkzeug-pbkdf2',
    password: 'werkzeug-pbkdf2 ü',
    hash: 'pbkdf2:sha256:600000$gT3kQz8LmP2vXc9R$be244ed808ca73cb2be83cdee519d021a0778089dd5d4a95481c9e7b951da7a3',
  },
  {
    system: 'Werkzeug 0.x pbkdf2:sha1 (the classic MiniTwit of its day)',
    format: 'werkzeug-pbkdf2',
    password: 'classic minitwit',
    hash: 'pbkdf2:sha1:1000$Xq7bL2pA$114b41b3c024068ea41995a80207b2aa73cef92a',
  },
  {
    system: 'Werkzeug 3 scrypt',
    format: 'werkzeug-scrypt',
    password: 'werkzeug-scrypt ✓',
    hash: 'scrypt:32768:8:1$Vb6TnH3sWq1ZkYp0$c402c9a4d23d5781c268efcb5aa97030b701b4d8f79eaad7b08f49d3997705db36381e98a20f732eb9048822077d8a1d3f9dc9dcd8d20ca879bb72c2e6a1b628',
  },
  {
    system: 'Django 5.1 pbkdf2_sha256',
    format: 'django-pbkdf2',
    password: 'django-sha256 é',
    hash: 'pbkdf2_sha256$870000$w2Rk9TqLmZx4Pv8sNc1Yb7$U7IoGJs8pOKjnFnWOV8/LDp9rBbyD5m3Q6/vbw1w6ag=',
  },
  {
    system: 'Django pbkdf2_sha1',
    format: 'django-pbkdf2',
    password: 'django-sha1',
    hash: 'pbkdf2_sha1$720000$a8Jd3KsPq0Lw$9OZrZT4X4Hosqkj3g4/OJFpotcM=',
  },
  {
    system: 'unsalted MD5',
    format: 'md5',
    password: 'md5 password',
    hash: '5c76601d45d13e3d065552b4efd6642e',
  },
  {
    system: 'unsalted SHA-256',
    format: 'sha256',
    password: 'sha256 password',
    hash: 'ed1263a5c9cca565fb01886c6b55303842ef2190eeb91866389d74e6b3faebed',
  },
];
