import fc from 'fast-check';
import { SignedCursors } from '../../lambdas/adapters/dynamodb/cursor';
import { type Key, mergedPage } from '../../lambdas/adapters/dynamodb/merged-page';
import { ValidationError } from '../../lambdas/errors';

const cursors = new SignedCursors(async () => 'merged-page-test-key');

interface Row {
  id: string;
  sk: string;
}

/**
 * In-memory partitions, each sorted by `sk`, queried the way the repository
 * queries the table: pages of `pageSize` rows after an exclusive start key until
 * it has `limit` rows or runs out. As in DynamoDB, a page that stopped at its
 * size says there may be more even when nothing is left. Every query is recorded.
 */
function table(
  partitions: Record<string, string[]>,
  options: { ascending?: boolean; pageSize?: number } = {},
) {
  const ascending = options.ascending ?? true;
  const rows = Object.fromEntries(
    Object.entries(partitions).map(([p, sks]) => {
      const sorted = sks
        .map((sk, i) => ({ id: `${p}-${i}`, sk }))
        .sort((a, b) => (a.sk === b.sk ? 0 : a.sk < b.sk === ascending ? -1 : 1));
      return [p, sorted];
    }),
  );
  const queries: { partition: string; start: Key | undefined }[] = [];
  const pageSize = options.pageSize ?? 10;
  const fetch = async (partition: string, start: Key | undefined, limit: number) => {
    queries.push({ partition, start });
    const all = rows[partition] ?? [];
    let from = start ? all.findIndex((r) => r.id === start.id) + 1 : 0;
    const items: Row[] = [];
    let more = true;
    while (items.length < limit && more) {
      const got = all.slice(from, from + pageSize);
      items.push(...got);
      from += got.length;
      more = got.length === pageSize;
    }
    return { items, more };
  };
  return { rows, queries, fetch };
}

const page = (
  t: ReturnType<typeof table>,
  partitions: string[],
  limit: number,
  cursor?: string,
  ascending = true,
) =>
  mergedPage<string, Row>({
    partitions,
    fingerprint: 'query-a',
    cursor,
    cursors,
    limit,
    ascending,
    sortKey: (r) => r.sk,
    keyOf: (r) => ({ id: r.id }),
    fetch: t.fetch,
  });

/** Every page from the first until the cursor runs out. */
async function allPages(t: ReturnType<typeof table>, partitions: string[], limit: number, ascending = true) {
  const pages: Row[][] = [];
  let cursor: string | undefined;
  do {
    const p = await page(t, partitions, limit, cursor, ascending);
    pages.push(p.items);
    cursor = p.nextCursor ?? undefined;
    if (pages.length > 1000) throw new Error('the cursor never ran out');
  } while (cursor);
  return pages;
}

describe('a page merged from several sorted partitions', () => {
  it('is empty with no cursor when every partition is empty', async () => {
    const t = table({ a: [], b: [] });
    expect(await page(t, ['a', 'b'], 5)).toEqual({ items: [], nextCursor: null });
  });

  it('takes everything from the non-empty partitions and ends when an empty one is beside them', async () => {
    const t = table({ a: [], b: ['2', '1'] });
    const p = await page(t, ['a', 'b'], 5);
    expect(p.items.map((r) => r.sk)).toEqual(['1', '2']);
    expect(p.nextCursor).toBeNull();
  });

  it('interleaves the partitions by sort key, ascending', async () => {
    const t = table({ a: ['1', '4', '5'], b: ['2', '3', '6'] });
    const p = await page(t, ['a', 'b'], 10);
    expect(p.items.map((r) => r.sk)).toEqual(['1', '2', '3', '4', '5', '6']);
  });

  it('interleaves the partitions by sort key, descending', async () => {
    const t = table({ a: ['1', '4', '5'], b: ['2', '3', '6'] }, { ascending: false });
    const p = await page(t, ['a', 'b'], 10, undefined, false);
    expect(p.items.map((r) => r.sk)).toEqual(['6', '5', '4', '3', '2', '1']);
  });

  it('puts the earlier partition first on equal sort keys', async () => {
    const t = table({ a: ['1'], b: ['1'], c: ['1'] });
    const p = await page(t, ['c', 'a', 'b'], 10);
    expect(p.items.map((r) => r.id)).toEqual(['c-0', 'a-0', 'b-0']);
  });

  it('neither loses nor repeats an item whose tie falls across a page boundary', async () => {
    const t = table({ a: ['1', '2'], b: ['1', '2'] });
    const pages = await allPages(t, ['a', 'b'], 1);
    expect(pages.flat().map((r) => r.id)).toEqual(['a-0', 'b-0', 'a-1', 'b-1']);
  });

  it('stops at the limit and carries on from the cursor', async () => {
    const t = table({ a: ['1', '3', '5'], b: ['2', '4', '6'] });
    const first = await page(t, ['a', 'b'], 4);
    expect(first.items.map((r) => r.sk)).toEqual(['1', '2', '3', '4']);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await page(t, ['a', 'b'], 4, first.nextCursor ?? undefined);
    expect(second.items.map((r) => r.sk)).toEqual(['5', '6']);
    expect(second.nextCursor).toBeNull();
  });

  it('ends with no cursor when a page takes exactly what is left', async () => {
    const t = table({ a: ['1', '3'], b: ['2', '4'] });
    const p = await page(t, ['a', 'b'], 4);
    expect(p.items).toHaveLength(4);
    expect(p.nextCursor).toBeNull();
  });

  it('keeps a cursor when a partition says it may have more, and then ends with an empty page', async () => {
    // Query pages of 2 rows: the one holding the last two rows cannot tell that nothing follows.
    const t = table({ a: ['1', '2', '3', '4'] }, { pageSize: 2 });
    const pages = await allPages(t, ['a'], 2);
    expect(pages.map((p) => p.map((r) => r.sk))).toEqual([['1', '2'], ['3', '4'], []]);
  });

  it('does not query a partition again once it is exhausted', async () => {
    const t = table({ a: ['1'], b: ['2', '3', '4'] });
    const first = await page(t, ['a', 'b'], 2);
    t.queries.length = 0;
    await page(t, ['a', 'b'], 2, first.nextCursor ?? undefined);
    expect(t.queries.map((q) => q.partition)).toEqual(['b']);
    expect(t.queries[0]?.start).toEqual({ id: 'b-0' });
  });

  it('refuses a cursor made for another query, or one that is not a cursor, with a 400', async () => {
    const t = table({ a: ['1', '2'] });
    const first = await page(t, ['a'], 1);
    const other = mergedPage<string, Row>({
      partitions: ['a'],
      fingerprint: 'query-b',
      cursor: first.nextCursor ?? undefined,
      cursors,
      limit: 1,
      ascending: true,
      sortKey: (r) => r.sk,
      keyOf: (r) => ({ id: r.id }),
      fetch: t.fetch,
    });
    await expect(other).rejects.toBeInstanceOf(ValidationError);
    await expect(page(t, ['a'], 1, 'not-a-cursor')).rejects.toBeInstanceOf(ValidationError);
    await expect(page(t, ['a'], 1, Buffer.from('"q"').toString('base64url'))).rejects.toBeInstanceOf(
      ValidationError,
    );
  });

  it('pages through any partitions, at any limit and query page size, in merged order and exactly once', async () => {
    const sks = fc.array(fc.constantFrom('1', '2', '3', '4', '5'), { maxLength: 12 });
    await fc.assert(
      fc.asyncProperty(
        fc.record({ a: sks, b: sks, c: sks }),
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 1, max: 5 }),
        fc.boolean(),
        async (partitions, limit, pageSize, ascending) => {
          const t = table(partitions, { ascending, pageSize });
          const pages = await allPages(t, ['a', 'b', 'c'], limit, ascending);
          for (const p of pages) expect(p.length).toBeLessThanOrEqual(limit);
          const order = ['a', 'b', 'c'];
          const expected = order
            .flatMap((p) => t.rows[p] ?? [])
            .sort((x, y) => (x.sk === y.sk ? 0 : x.sk < y.sk === ascending ? -1 : 1));
          const got = pages.flat();
          expect(new Set(got.map((r) => r.id)).size).toBe(got.length);
          // Ties keep the partitions' order, across page boundaries too.
          expect(got.map((r) => r.id)).toEqual(expected.map((r) => r.id));
        },
      ),
      { numRuns: 200 },
    );
  });
});
