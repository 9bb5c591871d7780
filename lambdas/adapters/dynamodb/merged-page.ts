/**
 * One page over several partitions that are each sorted by the same key: the
 * first `limit` items of their merge, and an opaque cursor recording where each
 * partition's next page starts. Pure apart from the injected `fetch` (a query
 * of one partition), so its edge cases are unit-tested without a table.
 */
import { InvalidCursorError, isKey, type SignedCursors } from './cursor';

export type Key = Record<string, unknown>;

/** Up to a page of one partition's items after a start key, in sort order; `more` when it has further pages. */
export interface PartitionFetch<Item> {
  items: Item[];
  more: boolean;
}

export interface MergedPageOptions<Partition extends string | number, Item> {
  /** The partitions to merge; on equal sort keys the earlier partition's item comes first. */
  partitions: readonly Partition[];
  /** Identifies the query: a cursor made for another query is refused (400). */
  fingerprint: string;
  cursor?: string | undefined;
  /** Seals and opens the cursor (signed: a forged or foreign cursor is a 400). */
  cursors: SignedCursors;
  limit: number;
  ascending: boolean;
  sortKey: (item: Item) => string;
  /** The key a partition's next query starts after (its ExclusiveStartKey). */
  keyOf: (item: Item) => Key;
  /**
   * Queries one partition from `start` (from its beginning when undefined). It
   * must return at least `limit` items unless the partition runs out first:
   * the merge relies on no partition being left behind the others.
   */
  fetch: (partition: Partition, start: Key | undefined, limit: number) => Promise<PartitionFetch<Item>>;
}

export interface MergedPage<Item> {
  items: Item[];
  nextCursor: string | null;
}

interface CursorState {
  /** Per partition: the last key taken, 0 = not started, 1 = exhausted. */
  p: Record<string, Key | 0 | 1>;
}

/** Opens a cursor and checks it names exactly these partitions, each not started, exhausted or at a key. */
async function openCursor(
  cursors: SignedCursors,
  cursor: string,
  fingerprint: string,
  partitions: readonly (string | number)[],
): Promise<CursorState> {
  const state = (await cursors.open(cursor, fingerprint)) as Partial<CursorState> | null;
  const p = state?.p;
  if (
    typeof p !== 'object' ||
    p === null ||
    Object.keys(p).length !== partitions.length ||
    !partitions.every((name) => {
      const at = p[String(name)];
      return at === 0 || at === 1 || isKey(at);
    })
  )
    throw new InvalidCursorError();
  return { p };
}

/**
 * Queries every partition not yet exhausted from where the cursor left it,
 * merges what came back by `sortKey`, takes the first `limit`, and moves each
 * partition's position past what it contributed. A partition is exhausted once
 * everything it returned was taken and it has no further pages; the cursor is
 * null when every partition is.
 */
export async function mergedPage<Partition extends string | number, Item>(
  options: MergedPageOptions<Partition, Item>,
): Promise<MergedPage<Item>> {
  const { partitions, fingerprint, limit, ascending, sortKey, keyOf, cursors } = options;
  const state: CursorState = options.cursor
    ? await openCursor(cursors, options.cursor, fingerprint, partitions)
    : { p: Object.fromEntries(partitions.map((p) => [String(p), 0])) };

  const fetched = await Promise.all(
    partitions.map(async (partition) => {
      const from = state.p[String(partition)] ?? 0;
      if (from === 1) return { partition, items: [] as Item[], more: false };
      return { partition, ...(await options.fetch(partition, from === 0 ? undefined : from, limit)) };
    }),
  );
  const merged = fetched
    .flatMap((f) => f.items.map((item) => ({ partition: f.partition, item })))
    .sort((a, b) => {
      const x = sortKey(a.item);
      const y = sortKey(b.item);
      return x === y ? 0 : x < y === ascending ? -1 : 1;
    });
  const taken = merged.slice(0, limit);

  const next: CursorState = { p: { ...state.p } };
  for (const f of fetched) {
    const mine = taken.filter((t) => t.partition === f.partition);
    const last = mine.at(-1);
    if (last) next.p[String(f.partition)] = keyOf(last.item);
    if (mine.length === f.items.length && !f.more) next.p[String(f.partition)] = 1;
  }
  const done = partitions.every((p) => next.p[String(p)] === 1);
  return {
    items: taken.map((t) => t.item),
    nextCursor: done ? null : await cursors.seal(fingerprint, next),
  };
}
