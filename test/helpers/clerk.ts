import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { readTonghai, townshipCentres } from '../../server/demo/tonghai.js';

// A county registry as the clerk keeps it: 序号, 乡镇, 村委会, 村代码, 经度, 纬度, no township code,
// names as people write them (滨湖社区, not 滨湖社区居民委员会), saved by Excel on a Chinese
// Windows (GBK) or kept as the workbook. Tonghai's real units, placed around their township.

export const CLERK_HEADER = ['序号', '乡镇', '村委会', '村代码', '经度', '纬度'] as const;

export interface ClerkRow {
  code: string;
  name: string;
  townshipCode: string;
  townshipName: string;
  lat: number;
  lng: number;
}

/** The units of these townships, as the clerk's rows. */
export function clerkRows(townshipCodes: readonly string[]): ClerkRow[] {
  return readTonghai()
    .filter((u) => townshipCodes.includes(u.townshipCode))
    .map((u, i) => {
      const [lat, lng] = townshipCentres[u.townshipCode]!;
      return {
        code: u.code,
        name: u.name.replace(/居民委员会$/, '').replace(/村民委员会$/, '村'),
        townshipCode: u.townshipCode,
        townshipName: u.townshipName,
        lat: Number((lat + ((i % 5) - 2) / 200).toFixed(5)),
        lng: Number((lng + ((i % 7) - 3) / 200).toFixed(5)),
      };
    });
}

const cells = (r: ClerkRow, i: number) => [i + 1, r.townshipName, r.name, r.code, r.lng, r.lat];

/** The rows as a CSV in GBK, as Excel's “CSV (逗号分隔)” writes it on a Chinese Windows. */
export const clerkCsvGbk = (rows: ClerkRow[]): Buffer =>
  iconv.encode([CLERK_HEADER.join(','), ...rows.map((r, i) => cells(r, i).join(','))].join('\r\n') + '\r\n', 'gbk');

/** The rows as a workbook: a title line above the header, codes stored as numbers (as Excel keeps them when typed in). */
export async function clerkXlsx(rows: ClerkRow[], title = '通海县村（社区）名录'): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('村委会');
  sheet.addRow([title]);
  sheet.addRow([...CLERK_HEADER]);
  rows.forEach((r, i) => sheet.addRow(cells(r, i).map((v, k) => (k === 3 ? Number(v) : v))));
  return Buffer.from(await book.xlsx.writeBuffer());
}
