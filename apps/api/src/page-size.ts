import { defaultPageSize, maxPageSize } from './schemas/query.js';

/** The `no` query parameter as the contract reads it. */
export function pageSize(no: string | undefined): number {
  if (no === undefined || !/^\d+$/.test(no)) return defaultPageSize;
  return Math.min(Number(no), maxPageSize);
}
