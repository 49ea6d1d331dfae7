import type { Knex } from 'knex';
import { z } from 'zod';

export const MAX_PAGE_SIZE = 200;

export const paging = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(50),
};

export interface PageQuery {
  page: number;
  pageSize: number;
}

export const countRows = async (query: Knex.QueryBuilder): Promise<number> =>
  Number((await query.clone().count({ n: '*' }).first())?.n ?? 0);

/**
 * One page of a filtered query, in API.md's list shape: `rowsOf` adds the columns and the order to a
 * copy of the query; the total counts every row the filters match.
 */
export async function listPage<Row, Item>(
  query: Knex.QueryBuilder,
  q: PageQuery,
  rowsOf: (query: Knex.QueryBuilder) => Knex.QueryBuilder,
  itemOf: (row: Row) => Item | Promise<Item>,
): Promise<{ items: Item[]; page: number; pageSize: number; total: number }> {
  const total = await countRows(query);
  const rows: Row[] = await rowsOf(query.clone())
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  return { items: await Promise.all(rows.map(itemOf)), page: q.page, pageSize: q.pageSize, total };
}
