import { z } from 'zod';

export const MAX_PAGE_SIZE = 200;

export const paging = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(50),
};
