import { shiftMonth } from '../../domain/months.js';
import type { User } from '../auth/user.js';
import type { AppContext } from '../context.js';
import { currentMonth, monthRange } from '../months.js';
import { childLevelOf } from './grouping.js';
import { AnswerSpecs } from './specs.js';

/** Whoever may see everything: the warm-up counts as the whole deployment. */
export const EVERYONE: User = { id: 0, username: 'warm-up', role: 'admin', partnerId: null, teamId: null, areaId: null, counties: null };

/**
 * Coverage before the first request, at the administrative level (what nearly every page asks
 * for): the units, the statuses of the current month and of the one before (the month a reader
 * most often switches to), and — rendered and kept through the routes' own specs — the whole
 * deployment's first answers, the places of its children and this month's counts by them (what a
 * national or provincial map asks first). The area columns are built and the counting loops
 * compiled on the way, so the first request after a start costs what a warm one does.
 */
export async function warmCoverage(ctx: AppContext): Promise<void> {
  const { coverage, config } = ctx;
  const level = 'administrative' as const;
  const now = config.now();
  const current = currentMonth(config.timezone, now);
  await coverage.month(monthRange(current, config.timezone), level, now);
  await coverage.month(monthRange(shiftMonth(current, -1), config.timezone), level, now);
  // The year's older months this database keeps snapshots of (./snapshots.ts), restored (not
  // computed: a month without one waits for its first request): a reader switching back a few
  // months finds them held, at about 4 MB each for 600,000 units.
  const older = Array.from({ length: 10 }, (_, i) => monthRange(shiftMonth(current, -2 - i), config.timezone));
  const held = await coverage.units(level);
  const kept = new Set(
    (await ctx.db('coverage_snapshots')
      .where({ level, database: held.database, registry: held.registry })
      .whereIn('month', older.map((r) => r.month))
      .pluck('month')
      .catch(() => [])) as string[],
  );
  for (const range of older) if (kept.has(range.month)) await coverage.month(range, level, now);
  const specs = new AnswerSpecs(ctx);
  const u = await coverage.units(level);
  await coverage.prime(specs.places(EVERYONE, { level }));
  await coverage.prime(specs.summary(EVERYONE, { level, groupBy: childLevelOf(u, null) }, false));
  // …and the national answers of the older months restored above: a month switch back finds them rendered.
  for (const range of older) if (kept.has(range.month)) await coverage.prime(specs.summary(EVERYONE, { level, groupBy: childLevelOf(u, null), month: range.month }, false));
}
