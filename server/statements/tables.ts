import { toFen, yuanText } from '../../domain/periods.js';
import { glossary } from '../http/glossary.js';
import type { Cell, Table } from '../http/csv.js';
import type { Statement } from './service.js';

// A statement as spreadsheets (../http/csv.ts): headed in Chinese as the county's finance forms
// are — the summary per contract with each level's share, the paid list, what was not paid
// (pending, rejected, a unit-month's further screenings), and what changed from the statement it
// supersedes. Money: "350.00" text in CSV, numbers of yuan in XLSX shown with two decimals.

const words = glossary['zh-CN'];
const levelHeads = ['中央（元）', '省级（元）', '市级（元）', '县级（元）'];

export const statementTitle = (s: Pick<Statement, 'countyName' | 'round' | 'number'>) => `${s.countyName} ${s.round} 农村电影公益放映补贴结算单（编号 ${s.number}）`;

export function statementTables(s: Statement, csv: boolean): Table[] {
  const money = (y: number): Cell => (csv ? yuanText(toFen(y)) : y);
  const amounts = (a: Statement['totals']) => [a.count, a.films, money(a.gross), money(a.shares.central), money(a.shares.province), money(a.shares.prefecture), money(a.shares.county), money(a.filmFees), money(a.net)];
  const amountHead = ['计补贴场次', '影片部数', '补贴总额（元）', ...levelHeads, '片租（元）', '应付净额（元）'];
  const titles = (films: string[]) => films.join('、');
  const other = [
    ...s.pending.map((p) => [p.screeningId, '待核实', p.townshipName, p.villageName, p.startsAt, p.teamName, p.partnerName, titles(p.films), words.verification[p.verification as 'verified'] ?? p.verification] as Cell[]),
    ...s.rejected.map((p) => [p.screeningId, words.decision.rejected, p.townshipName, p.villageName, p.startsAt, p.teamName, p.partnerName, titles(p.films), p.reason]),
    ...s.extra.map((p) => [p.screeningId, '不计补贴', p.townshipName, p.villageName, p.startsAt, p.teamName, p.partnerName, titles(p.films), '同一单位本月第二场']),
  ];
  const d = s.differences;
  const change = (label: string, what: string, before: Statement['totals'] | null, after: Statement['totals'] | null): Cell[] => [
    label,
    what,
    before?.count ?? 0,
    after?.count ?? 0,
    money(before?.gross ?? 0),
    money(after?.gross ?? 0),
    money(before?.net ?? 0),
    money(after?.net ?? 0),
  ];
  return [
    {
      title: '汇总',
      header: ['放映公司', '合同编号', ...amountHead],
      rows: [...s.groups.map((g) => [g.partnerName, g.contractId ?? '（无合同）', ...amounts(g)]), ['合计', '', ...amounts(s.totals)]],
      money: [4, 5, 6, 7, 8, 9, 10],
    },
    {
      title: '计补贴场次',
      header: ['场次编号', '月份', '乡镇', '村', '计补单位（行政村）', '放映时间', '放映队', '放映公司', '放映节目', '补贴（元）', '片租（元）'],
      rows: s.paid.map((p) => [p.screeningId, p.month, p.townshipName, p.villageName, p.unitName, p.startsAt, p.teamName, p.partnerName, titles(p.films), money(p.amount), money(p.filmFees)]),
      time: [5],
      money: [9, 10],
    },
    {
      title: '待核实及不计补贴',
      header: ['场次编号', '类别', '乡镇', '村', '放映时间', '放映队', '放映公司', '放映节目', '核实状态或理由'],
      rows: other,
      time: [4],
    },
    {
      title: '变更',
      header: ['变更', '场次编号或合同', '原场次', '现场次', '原补贴总额（元）', '现补贴总额（元）', '原应付净额（元）', '现应付净额（元）'],
      rows: d
        ? [
            ...d.added.map((p) => ['新增计补', `${p.screeningId} ${p.villageName} ${p.startsAt.slice(0, 10)}`, '', '', '', '', '', '']),
            ...d.removed.map((p) => ['取消计补', `${p.screeningId} ${p.villageName} ${p.startsAt.slice(0, 10)}`, '', '', '', '', '', '']),
            ...d.groups.map((g) => change('金额变动', `${g.partnerName} ${g.contractId ?? '（无合同）'}`, g.before, g.after)),
            ...(d.totals ? [change('合计变动', '', d.totals.before, d.totals.after)] : []),
          ]
        : [['（首次出具，无变更）', '', '', '', '', '', '', '']],
      money: [4, 5, 6, 7],
    },
  ];
}
