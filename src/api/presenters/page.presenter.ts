import type { Page } from '../../domain/shared/pagination';
import { encodeCursor } from '../http/cursor';

/** A list response: one page of items and the opaque cursor of the next page (null on the last). */
export interface PageBody<I> {
  items: I[];
  nextCursor: string | null;
}

/**
 * Every list action answers this shape. `cursorOf` turns the page's keyset position into what the
 * cursor carries on the wire; its schema reads it back (decodeCursor).
 */
export function presentPage<T, K, I>(page: Page<T, K>, presentItem: (item: T) => I, cursorOf: (key: K) => unknown): PageBody<I> {
  return {
    items: page.items.map((item) => presentItem(item)),
    nextCursor: page.nextKey === null ? null : encodeCursor(cursorOf(page.nextKey)),
  };
}
