/** A keyset page request: at most `limit` items strictly after `after` in the list's order. */
export interface PageQuery<K> {
  limit: number;
  after?: K;
}

/** One page of a list; `nextKey` is null on the last page. */
export interface Page<T, K> {
  items: T[];
  nextKey: K | null;
}

/**
 * Builds a page from `limit + 1` rows fetched by a repository: the extra row only tells whether
 * another page exists, it is never returned.
 */
export function pageFrom<T, K>(rows: T[], limit: number, keyOf: (item: T) => K): Page<T, K> {
  const items = rows.slice(0, limit);
  const hasMore = rows.length > limit;
  return { items, nextKey: hasMore ? keyOf(items[items.length - 1]) : null };
}
