import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** One village-level unit of Tonghai county, as published in the 2023 division codes. */
export interface TonghaiUnit {
  code: string;
  name: string;
  townshipCode: string;
  townshipName: string;
  committee: 'village' | 'community';
}

const csvPath = path.join(path.dirname(fileURLToPath(import.meta.url)), 'tonghai-villages.csv');

export function readTonghai(): TonghaiUnit[] {
  const [, ...lines] = fs.readFileSync(csvPath, 'utf8').trim().split(/\r?\n/);
  return lines.map((line) => {
    const [code, name, townshipCode, townshipName, committee] = line.split(',');
    return { code: code!, name: name!, townshipCode: townshipCode!, townshipName: townshipName!, committee: committee as TonghaiUnit['committee'] };
  });
}

/**
 * Township centres (WGS-84). Only the county seat and Nagu are known positions; the others are
 * placed by hand inside the county's extent (102.51–102.88 E, 23.9–24.25 N) and every village
 * placed around them is flagged approximate until the bureau imports surveyed positions.
 */
export const townshipCentres: Record<string, [lat: number, lng: number]> = {
  '530423001': [24.093, 102.75], // 秀山街道, county seat
  '530423002': [24.09, 102.655], // 九龙街道, middle of its known extent
  '530423101': [24.14, 102.82], // 杨广镇
  '530423102': [24.15, 102.64], // 河西镇
  '530423103': [24.19, 102.58], // 四街镇
  '530423104': [24.181, 102.734], // 纳古镇 (Najiaying)
  '530423201': [24.01, 102.78], // 里山彝族乡
  '530423202': [23.95, 102.7], // 高大傣族彝族乡
  '530423203': [24.05, 102.72], // 兴蒙蒙古族乡
};

/** 滨湖社区居民委员会 → 滨湖社区, 三义村村民委员会 → 三义村: the names people use. */
export function shortName(official: string): string {
  return official.replace(/居民委员会$/, '').replace(/村民委员会$/, '').replace(/委员会$/, '') || official;
}

/** A small seeded generator, so the demo county looks the same on every machine. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
