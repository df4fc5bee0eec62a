import { Router, type Request } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { allow, currentUser } from '../auth/guard.js';
import { groupCountsOf, summaryOf, yearMonthsOf, yearRowsOf } from '../coverage/answers.js';
import { askedArea, childLevelOf, countiesIn, groupsOf, type Where } from '../coverage/areas.js';
import { id } from '../http/validate.js';
import type { Level } from '../../domain/units.js';
import { level } from '../coverage/schemas.js';
import { levelLabel, percentText, sendTables, statusLabel, verificationLabel, type Table } from '../http/csv.js';
import { parse } from '../http/validate.js';
import { monthOrCurrent, monthSchema, yearMonths, yearSchema } from '../months.js';
import { monthHasBegun } from '../../domain/months.js';
import type { UnitStatus } from '../../domain/status.js';
import { screeningTotals, subsidy, teamTotals } from './queries.js';

const format = z.enum(['json', 'csv', 'xlsx'], { error: 'must be json, csv or xlsx' }).default('json');
const countHeader = ['单位数', '已放映', '已排期', '逾期未报', '盲点', '覆盖率'];
/** A month still to come, in a report: its gaps are not failures yet. */
const NOT_DUE = '未到期';

/** The bureau's reports: the month, the year, the subsidy statement. Coverage comes from the server's one Coverage, as /api/coverage's does. */
export function reportRoutes(ctx: AppContext): Router {
  const r = Router();
  const zone = ctx.config.timezone;
  r.use(allow('admin', 'bureau'));

  /**
   * The units and screenings a report counts: those of the asked area (404 outside the user's
   * scope; a bureau user's own by default) and of the user's counties.
   */
  const scopeOfReport = async (req: Request, areaId: number | undefined, level: Level) => {
    const user = currentUser(req);
    const u = await ctx.coverage.units(level);
    const area = askedArea(u, user, areaId);
    const where: Where = { areaId: area?.id, counties: user.counties };
    const counties = area === null && user.counties === null ? null : countiesIn(u, area, user.counties);
    const groups = area && area.level !== 'county' ? groupsOf(u, user, area, childLevelOf(u, area)) : null;
    return { area: area && { id: area.id, code: area.code, name: area.name, level: area.level }, where, counties, groups };
  };

  r.get('/month', async (req, res) => {
    const q = parse(z.object({ month: monthSchema.optional(), level, areaId: id.optional(), format }), req.query, 'query');
    const now = ctx.config.now();
    const range = monthOrCurrent(q.month, zone, now);
    const { area, where, counties, groups } = await scopeOfReport(req, q.areaId, q.level);
    const [m, screenings, teams] = await Promise.all([ctx.coverage.month(range, q.level, now), screeningTotals(ctx.db, range, counties), teamTotals(ctx.db, range, counties)]);
    const { totals: county, townships } = summaryOf(m, where, ctx.config.coverageHeadline);
    // Above a county, one row per child area as well (a province's prefectures, a prefecture's counties).
    const areas = groups ? groupCountsOf(m, groups.groups, groups.groupOf, where, ctx.config.coverageHeadline).groups : undefined;
    const body = { month: range.month, timezone: zone, level: q.level, area, county, ...(areas && { areas }), townships, screenings, teams };
    const line = (name: string, c: typeof county) => [name, c.units, c.covered, c.planned, c.overdue, c.gap, c.coverage, c.verified];
    const total = area ? `${area.name}合计` : '全县合计';
    await sendTables(res, q.format, `report-${area ? `${area.code}-` : ''}${range.month}`, body, (): Table[] => [
      ...(areas
        ? [{ title: `下级区划覆盖（${levelLabel[q.level]}）`, header: ['区划', ...countHeader, '其中已核实'], rows: [...areas.map((a) => line(a.name, a)), line(total, county)], percent: [6] }]
        : []),
      { title: `乡镇覆盖（${levelLabel[q.level]}）`, header: ['乡镇', ...countHeader, '其中已核实'], rows: [...townships.map((t) => line(t.name, t)), line(total, county)], percent: [6] },
      {
        title: '放映统计',
        header: ['项目', '数值'],
        rows: [['放映场次（已完成）', screenings.held], ['取消场次', screenings.cancelled], ['观众人次', screenings.audience], ['科教片占比', percentText(screenings.scienceShare)]],
      },
      { title: '放映队', header: ['放映队', '放映公司', '放映场次', '观众人次'], rows: teams.map((t) => [t.name, t.partnerName, t.held, t.audience]) },
    ]);
  });

  r.get('/year', async (req, res) => {
    const q = parse(z.object({ year: yearSchema.optional(), level, areaId: id.optional(), format }), req.query, 'query');
    const now = ctx.config.now();
    const year = q.year ?? now.setZone(zone).year;
    const months = yearMonths(year, zone);
    const { area, where } = await scopeOfReport(req, q.areaId, q.level);
    const statuses = await ctx.coverage.year(months, q.level, now);
    // Months still to come are not yet due: shown so, and left out of the year's average.
    const perMonth = yearMonthsOf(statuses, where, ctx.config.coverageHeadline).map((m) => ({ ...m, due: monthHasBegun(m.month, zone, now) }));
    const due = perMonth.filter((m) => m.due);
    const averageCoverage = due.length ? due.reduce((n, m) => n + m.coverage, 0) / due.length : null;
    const villages = yearRowsOf(statuses, where).map((v) => ({ id: v.id, name: v.name, townshipName: v.townshipName, statuses: v.statuses }));
    const full = villages.filter((v) => v.statuses.every((s) => s === 'covered'));
    const body = { year, level: q.level, area, months: perMonth, averageCoverage, villages, fullYear: full.map((v) => v.id) };
    const cell = (s: UnitStatus | null, i: number) => (s === null ? '' : perMonth[i]!.due || s !== 'gap' ? statusLabel[s] : NOT_DUE);
    await sendTables(res, q.format, `report-${area ? `${area.code}-` : ''}${year}`, body, (): Table[] => [
      {
        title: `月度覆盖（${levelLabel[q.level]}）`,
        header: ['月份', '单位数', '已放映', '覆盖率'],
        rows: [...perMonth.map((m) => [m.month, m.units, m.covered, m.due ? m.coverage : NOT_DUE]), ['已到期月份平均', null, null, averageCoverage]],
        percent: [3],
      },
      {
        title: '逐村逐月',
        header: ['乡镇', '村', ...months.map((_, i) => `${i + 1}月`), '已放映月数'],
        rows: villages.map((v) => [v.townshipName, v.name, ...v.statuses.map(cell), v.statuses.filter((s) => s === 'covered').length]),
      },
      { title: '全年覆盖', header: ['乡镇', '村'], rows: full.map((v) => [v.townshipName, v.name]) },
    ]);
  });

  r.get('/subsidy', async (req, res) => {
    const q = parse(z.object({ month: monthSchema.optional(), areaId: id.optional(), format }), req.query, 'query');
    const range = monthOrCurrent(q.month, zone, ctx.config.now());
    const { area, counties } = await scopeOfReport(req, q.areaId, 'administrative');
    const body = { area, ...(await subsidy(ctx.db, await ctx.coverage.units('administrative'), range, ctx.config.subsidyPerScreeningYuan, zone, counties)) };
    const counted = body.teams.reduce((n, t) => n + t.counted, 0);
    await sendTables(res, q.format, `subsidy-${area ? `${area.code}-` : ''}${range.month}`, body, (): Table[] => [
      {
        title: '补贴',
        header: ['放映队', '放映公司', '计补贴场次', '补贴金额（元）'],
        rows: [...body.teams.map((t) => [t.teamName, t.partnerName, t.counted, t.amountYuan]), ['合计', '', counted, body.totalYuan]],
      },
      {
        title: '按县、按合同',
        header: ['县', '县代码', '放映公司', '合同编号', '计补贴场次', '补贴金额（元）'],
        rows: body.contracts.map((c) => [c.countyName ?? '（未归属县）', c.countyCode, c.partnerName, c.contractId ?? '（无合同）', c.counted, c.amountYuan]),
        code: [1],
      },
      {
        title: '不计补贴场次',
        header: ['场次编号', '村', '放映队', '放映时间', '原因'],
        rows: body.extra.map((e) => [e.screeningId, e.villageName, e.teamName, e.startsAt, '同一单位本月第二场']),
      },
      {
        title: `待核实场次（${body.pending.length} 场，核实后至多计补 ${body.pendingYuan} 元）`,
        header: ['场次编号', '村', '放映队', '放映时间', '核实状态'],
        rows: body.pending.map((e) => [e.screeningId, e.villageName, e.teamName, e.startsAt, verificationLabel[e.state]]),
      },
      {
        title: `已驳回场次（${body.rejected.length} 场，不予补贴 ${body.rejectedYuan} 元）`,
        header: ['场次编号', '村', '放映队', '放映时间', '驳回理由'],
        rows: body.rejected.map((e) => [e.screeningId, e.villageName, e.teamName, e.startsAt, e.reason]),
      },
    ]);
  });

  return r;
}
