import type { Db } from '../db/index.js';
import { monthRange, whereInMonth } from '../months.js';
import type { Thresholds } from './checks.js';
import { verify } from './verify.js';

/** Checks a month's completed screenings again (the bureau's recheck), in batches; answers how many were checked and changed. */
export async function recheckMonth(db: Db, zone: string, month: string, t: Thresholds): Promise<{ month: string; checked: number; changed: number }> {
  const ids: number[] = (await whereInMonth(db('screenings').where('status', 'completed'), 'starts_at', monthRange(month, zone)).orderBy('id').select('id')).map(
    (r: { id: number }) => r.id,
  );
  let changed = 0;
  for (let i = 0; i < ids.length; i += 500) changed += await verify(db, ids.slice(i, i + 500), t);
  return { month, checked: ids.length, changed };
}
