import { Router, type Request, type Response } from 'express';
import type { z } from 'zod';
import type { AppContext } from '../context.js';
import { allow, currentUser } from '../auth/guard.js';
import type { User } from '../auth/user.js';
import { sendTables, type Table } from '../http/csv.js';
import { parse } from '../http/validate.js';
import { MonthReportQuery, SubsidyQuery, VillagersReportQuery, YearReportQuery } from './schemas.js';
import { monthReport, subsidyReport, yearReport } from './service.js';
import { monthTables, subsidyTables, yearTables } from './tables.js';
import { ProgrammeReportQuery } from '../programmes/schemas.js';
import { programmeReport } from './programme.js';
import { programmeTables } from './programme-tables.js';
import { villagersReport } from './villagers.js';
import { villagersTables } from './villagers-tables.js';
// issue 22 progress
import { progressReport, ProgressQuery } from './progress.js';
import { progressTables } from './progress-tables.js';

type Format = 'json' | 'csv' | 'xlsx';

/** A report route: the query read, the report built (./service.ts), sent as JSON or as its tables (./tables.ts) in CSV or XLSX. */
const report =
  <S extends z.ZodType<{ format: Format }>, B extends object>(ctx: AppContext, schema: S, build: (user: User, q: z.output<S>) => Promise<{ name: string; title: string; body: B }>, tables: (body: B) => Table[]) =>
  async (req: Request, res: Response) => {
    const q = parse(schema, req.query, 'query');
    const { name, title, body } = await build(currentUser(req), q);
    await sendTables(res, q.format, name, body, () => tables(body), { title, zone: ctx.config.timezone });
  };

/** /api/reports: the bureau's month, year and subsidy reports, the programme report, and what villagers said. */
export function reportRoutes(ctx: AppContext): Router {
  const r = Router();
  // The programme report is the partner's too: its own teams' screenings in its counties (./programme.ts).
  r.get('/programme', allow('admin', 'bureau', 'partner'), report(ctx, ProgrammeReportQuery, (user, q) => programmeReport(ctx, user, q), programmeTables));
  // What villagers said: a partner reads it too (the requests of its counties, its own teams' confirmations and reports: ./villagers.ts).
  r.get('/villagers', allow('admin', 'bureau', 'partner'), report(ctx, VillagersReportQuery, (user, q) => villagersReport(ctx, user, q), villagersTables));
  r.use(allow('admin', 'bureau'));
  r.get('/month', report(ctx, MonthReportQuery, (user, q) => monthReport(ctx, user, q), monthTables));
  r.get('/year', report(ctx, YearReportQuery, (user, q) => yearReport(ctx, user, q), yearTables));
  // issue 22 progress: 序时进度 per group (./progress.ts)
  r.get('/progress', report(ctx, ProgressQuery, (user, q) => progressReport(ctx, user, q), progressTables));
  r.get('/subsidy', report(ctx, SubsidyQuery, (user, q) => subsidyReport(ctx, user, q), subsidyTables));
  return r;
}
