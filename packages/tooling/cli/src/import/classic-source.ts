/** A row as the classic schema holds it: any column may hold anything (SQLite) or be null. */
export type ClassicRow = Record<string, unknown>;

/** The classic MiniTwit's three tables, in the order an import reads them. */
export type ClassicTable = 'users' | 'messages' | 'follows';

/**
 * An earlier MiniTwit's database with the classic schema, read table by
 * table in batches: users by user_id, messages by message_id, follows as
 * stored (each with its place, `row`, since a follow has no id).
 */
export interface ClassicSource {
  /** Where it is, for messages (no password in it). */
  readonly description: string;
  /** How many rows each table has. */
  count(table: ClassicTable): Promise<number>;
  /** The highest user_id and message_id (0 for an empty table). */
  highestIds(): Promise<{ users: number; messages: number }>;
  /** The table's rows, `size` at a time. */
  batches(table: ClassicTable, size: number): AsyncIterable<ClassicRow[]>;
  close(): Promise<void>;
}
