export { classicSchema, writeClassicDatabase } from './classic-database.js';
export type { ClassicRows, ClassicValue } from './classic-database.js';
export { legacyHashVectors } from './legacy-hash-vectors.js';
export type { LegacyHashVector } from './legacy-hash-vectors.js';
