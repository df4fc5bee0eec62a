import type { UnitStatus } from '../../domain/status.js';
import { glossary } from '../http/glossary.js';
import { percentText, type Table } from '../http/csv.js';
import { titlesOf } from '../screenings/programme-text.js';
import type { MonthReport, SubsidyReport, YearReport } from './service.js';

// The reports as spreadsheets (CSV sections, or XLSX sheets: ../http/csv.ts), headed in Chinese
// as the county's forms are; every state and count in the pages' words (../http/glossary.ts); a
// screening listed with its programme's titles in order (放映节目).

const words = glossary['zh-CN'];
const { counts } = words;
const countHeader = [counts.units, counts.covered, counts.planned, counts.overdue, counts.gap, counts.coverage];
/** A month still to come, in a report: its gaps are not failures yet. */
const NOT_DUE = words.notDue;

export function monthTables(r: MonthReport): Table[] {
  const line = (name: string, c: MonthReport['county']) => [name, c.units, c.covered, c.planned, c.overdue, c.gap, c.coverage, c.verified];
  const place = r.place ?? r.area?.name;
  const total = place ? `${place}合计` : '全县合计';
  const level = words.level[r.level];
  return [
    ...(r.areas ? [{ title: `下级区划覆盖（${level}）`, header: ['区划', ...countHeader, counts.verified], rows: [...r.areas.map((a) => line(a.name, a)), line(total, r.county)], percent: [6] }] : []),
    { title: `乡镇覆盖（${level}）`, header: ['乡镇', ...countHeader, counts.verified], rows: [...r.townships.map((t) => line(t.name, t)), line(total, r.county)], percent: [6] },
    {
      title: '放映统计',
      header: ['项目', '数值'],
      rows: [['放映场次（已完成）', r.screenings.held], ['取消场次', r.screenings.cancelled], ['观众人次', r.screenings.audience], ['科教片占比', percentText(r.screenings.scienceShare)]],
    },
    { title: '放映队', header: ['放映队', '放映公司', '放映场次', '观众人次'], rows: r.teams.map((t) => [t.name, t.partnerName, t.held, t.audience]) },
  ];
}

export function yearTables(r: YearReport): Table[] {
  const cell = (s: UnitStatus | null, i: number) => (s === null ? '' : r.months[i]!.due || s !== 'gap' ? words.status[s] : NOT_DUE);
  const full = r.villages.filter((v) => v.statuses.every((s) => s === 'covered'));
  return [
    {
      title: `月度覆盖（${words.level[r.level]}）`,
      header: ['月份', counts.units, counts.covered, counts.coverage],
      rows: [...r.months.map((m) => [m.month, m.units, m.covered, m.due ? m.coverage : NOT_DUE]), ['已到期月份平均', null, null, r.averageCoverage]],
      percent: [3],
    },
    {
      title: '逐村逐月',
      header: ['乡镇', '村', ...r.months.map((_, i) => `${i + 1}月`), '已放映月数'],
      rows: r.villages.map((v) => [v.townshipName, v.name, ...v.statuses.map(cell), v.statuses.filter((s) => s === 'covered').length]),
    },
    { title: '全年覆盖', header: ['乡镇', '村'], rows: full.map((v) => [v.townshipName, v.name]) },
  ];
}

export function subsidyTables(r: SubsidyReport): Table[] {
  const counted = r.teams.reduce((n, t) => n + t.counted, 0);
  return [
    {
      title: '补贴',
      header: ['放映队', '放映公司', '计补贴场次', '补贴金额（元）'],
      rows: [...r.teams.map((t) => [t.teamName, t.partnerName, t.counted, t.amountYuan]), ['合计', '', counted, r.totalYuan]],
    },
    {
      title: '按县、按合同',
      header: ['县', '县代码', '放映公司', '合同编号', '计补贴场次', '补贴金额（元）'],
      rows: r.contracts.map((c) => [c.countyName ?? '（未归属县）', c.countyCode, c.partnerName, c.contractId ?? '（无合同）', c.counted, c.amountYuan]),
      code: [1],
    },
    {
      title: '不计补贴场次',
      header: ['场次编号', '村', '放映队', '放映时间', '放映节目', '原因'],
      rows: r.extra.map((e) => [e.screeningId, e.villageName, e.teamName, e.startsAt, titlesOf(e.films), '同一单位本月第二场']),
      time: [3],
    },
    {
      title: `待核实场次（${r.pending.length} 场，核实后至多计补 ${r.pendingYuan} 元）`,
      header: ['场次编号', '村', '放映队', '放映时间', '放映节目', '核实状态'],
      rows: r.pending.map((e) => [e.screeningId, e.villageName, e.teamName, e.startsAt, titlesOf(e.films), words.verification[e.state]]),
      time: [3],
    },
    {
      title: `${words.decision.rejected}场次（${r.rejected.length} 场，不予补贴 ${r.rejectedYuan} 元）`,
      header: ['场次编号', '村', '放映队', '放映时间', '放映节目', '驳回理由'],
      rows: r.rejected.map((e) => [e.screeningId, e.villageName, e.teamName, e.startsAt, titlesOf(e.films), e.reason]),
      time: [3],
    },
  ];
}
