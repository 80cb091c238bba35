import { defaultPageSize, maxPageSize } from './schemas/query.js';

/** How many results the `no` query parameter asks for, read as the contract reads it. */
export function resultCount(no: string | undefined): number {
  if (no === undefined || !/^\d+$/.test(no)) return defaultPageSize;
  return Math.min(Number(no), maxPageSize);
}
