import { unitOfVillage, type Level, type VillageKind } from '../../domain/units.js';
import type { AreaNode } from '../areas/scope.js';
import type { Db } from '../db/index.js';
import type { Epochs } from './log.js';

/**
 * The units of a level (retired ones too: retiring keeps history) in display order — township,
 * code, name, id — one array per field, indexed by position; and which villages count for which
 * unit (domain/units.ts unitOfVillage), both ways.
 */
export interface Units {
  level: Level;
  /** The database and registry counter it was read under (./log.ts). */
  database: string;
  registry: number;
  id: number[];
  name: string[];
  code: (string | null)[];
  kind: VillageKind[];
  lat: number[];
  lng: number[];
  townshipId: number[];
  townshipName: string[];
  /** ms; null while not retired. */
  retiredAt: (number | null)[];
  /** Positions in id order: the map feed's order. */
  byId: Int32Array;
  /** Village id → position of the unit its screenings count for. */
  unitOf: Map<number, number>;
  /** The villages counting for position p: members[memberStart[p] .. memberStart[p + 1]). */
  memberStart: Int32Array;
  members: Int32Array;
  /** Every township, by code, name, id, with its county (null: none). */
  townships: { id: number; name: string; code: string | null; countyId: number | null }[];
  /** Per position: the county of the unit's township (0: none). */
  countyId: Int32Array;
  /** Every area (province, prefecture, county), by id. */
  areas: Map<number, AreaNode>;
}

interface VillageRow {
  id: number;
  name: string;
  code: string | null;
  kind: VillageKind;
  parent_id: number | null;
  lat: number;
  lng: number;
  township_id: number;
  township_name: string;
  retired_at: Date | null;
}

/** The villages counting for a unit: the unit itself and, at the administrative level, its natural villages. */
export const villagesOfUnit = (u: Units, p: number) => u.members.subarray(u.memberStart[p], u.memberStart[p + 1]);

export async function loadUnits(db: Db, level: Level, { database, registry }: Epochs): Promise<Units> {
  const [villages, townshipRows, areaRows]: [VillageRow[], { id: number; name: string; code: string | null; county_id: number | null }[], AreaNode[]] = await Promise.all([
    db('villages as v')
      .join('townships as t', 't.id', 'v.township_id')
      .select('v.id', 'v.name', 'v.code', 'v.kind', 'v.parent_id', 'v.lat', 'v.lng', 'v.township_id', 't.name as township_name', 'v.retired_at')
      .orderByRaw('v.township_id, v.code collate "C" nulls last, v.name, v.id'),
    db('townships').orderByRaw('code nulls last, name, id').select('id', 'name', 'code', 'county_id'),
    db('areas').select('id', 'code', 'name', 'level', 'parent_id as parentId'),
  ]);
  const townships = townshipRows.map((t) => ({ id: t.id, name: t.name, code: t.code, countyId: t.county_id }));
  const countyOfTownship = new Map(townships.map((t) => [t.id, t.countyId ?? 0]));
  const unitIdOf = villages.map((v) => unitOfVillage({ id: v.id, kind: v.kind, parentId: v.parent_id }, level));
  const rows = villages.filter((v, i) => unitIdOf[i] === v.id);
  const unitOf = new Map<number, number>();
  rows.forEach((r, p) => unitOf.set(r.id, p));
  // Each village to its unit's position, then the members grouped by position (counting sort).
  const memberOf = villages.map((v, i) => (unitIdOf[i] === null ? -1 : (unitOf.get(unitIdOf[i]!) ?? -1)));
  villages.forEach((v, i) => {
    if (memberOf[i]! >= 0) unitOf.set(v.id, memberOf[i]!);
  });
  const memberStart = new Int32Array(rows.length + 1);
  for (const p of memberOf) if (p >= 0) memberStart[p + 1]!++;
  for (let p = 0; p < rows.length; p++) memberStart[p + 1]! += memberStart[p]!;
  const members = new Int32Array(memberStart[rows.length]!);
  const next = memberStart.slice(0, rows.length);
  memberOf.forEach((p, i) => {
    if (p >= 0) members[next[p]!++] = villages[i]!.id;
  });
  const byId = Int32Array.from(rows.keys()).sort((a, b) => rows[a]!.id - rows[b]!.id);
  const col = <T>(f: (r: VillageRow) => T) => rows.map(f);
  return {
    level,
    database,
    registry,
    id: col((r) => r.id),
    name: col((r) => r.name),
    code: col((r) => r.code),
    kind: col((r) => r.kind),
    lat: col((r) => r.lat),
    lng: col((r) => r.lng),
    townshipId: col((r) => r.township_id),
    townshipName: col((r) => r.township_name),
    retiredAt: col((r) => (r.retired_at ? new Date(r.retired_at).getTime() : null)),
    byId,
    unitOf,
    memberStart,
    members,
    townships,
    countyId: Int32Array.from(rows, (r) => countyOfTownship.get(r.township_id) ?? 0),
    areas: new Map(areaRows.map((a) => [a.id, a])),
  };
}
