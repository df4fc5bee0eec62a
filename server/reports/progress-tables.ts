import { glossary } from '../http/glossary.js';
import type { Table } from '../http/csv.js';
import type { ProgressReport } from './progress.js';

// issue 22 progress: the progress report as a spreadsheet (../http/csv.ts), headed in Chinese.

const levelZh = { province: '省', prefecture: '市', county: '县', township: '乡镇' } as const;

export function progressTables(r: ProgressReport): Table[] {
  const line = (name: string, g: ProgressReport['totals']) => [name, g.units, g.expected, g.held, g.progress, g.completed, g.onTimeRate, g.roundScreenings, g.bunchingShare];
  return [
    {
      title: `序时进度（按${levelZh[r.groupBy]}，已过 ${r.elapsedDays} 天，全年 ${r.daysInYear} 天）`,
      header: ['区划', glossary['zh-CN'].counts.units, '应放映场次（序时）', '已放映（单位·月）', '序时进度', '已完成场次', `按时上报率（${r.lateReportHours}小时内）`, '已开始结算周期场次', `突击放映占比（周期末${r.bunchingDays}天）`],
      rows: [...r.groups.map((g) => line(g.name, g)), line(`${r.place ?? r.area?.name ?? ''}合计`, r.totals)],
      percent: [4, 6, 8],
    },
  ];
}
