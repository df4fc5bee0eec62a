import { z } from 'zod';

/** `limit` (default 100, max 1000) and `offset` of every list. */
export const paging = {
  limit: z.coerce.number().int('must be an integer').min(1, 'must be at least 1').max(1000, 'must be at most 1000').default(100),
  offset: z.coerce.number().int('must be an integer').min(0, 'must be at least 0').default(0),
};

export interface Page<T> {
  items: T[];
  total: number;
}
