// The coverage JSON the map reads, typed as the page uses it.
import type { UnitStatus } from '../../../domain/status.js';
import type { Level } from '../../../domain/units.js';
import type { Counts, ProgrammeFilm } from '../shared/api.js';
import { get, query } from '../shared/http.js';

export interface Coverage {
  month: string;
  timezone: string;
  level: Level;
  totals: Counts;
  townships: (Counts & { id: number; name: string })[];
}

/** The levels above townships (DOMAIN.md "Areas and scopes"). */
export type AreaLevel = 'province' | 'prefecture' | 'county';
/** What an area's children are: areas, or (in a county, or a deployment without areas) townships. */
export type ChildLevel = AreaLevel | 'township';

/** A month's counts per child area (/api/coverage?groupBy=…), joined to the registry's groups by id. */
export interface AreaCoverage {
  month: string;
  timezone: string;
  level: Level;
  area: { id: number; name: string; level: AreaLevel } | null;
  totals: Counts;
  /** id null: the units in no county (a registry not yet placed in areas), only at the root. */
  groups: (Counts & { id: number | null; name: string; level: ChildLevel })[];
}

/**
 * An area's place in the registry (/api/coverage/areas, no month): the path to it, how many units
 * it holds, and its children with where their villages are. Changes only with the registry.
 */
export interface AreaRegistry {
  level: Level;
  version: string;
  area: { id: number; code: string; name: string; level: AreaLevel } | null;
  /** From the reader's root down to and including `area`. */
  path: { id: number; name: string; level: AreaLevel }[];
  units: number;
  childLevel: ChildLevel;
  groups: {
    /** null: the units in no county (a registry not yet placed in areas), only at the root; not an area to go into. */
    id: number | null;
    code: string | null;
    name: string;
    level: ChildLevel;
    units: number;
    lat: number | null;
    lng: number | null;
    /** [[south, west], [north, east]] of the group's units; null when it has none. */
    bounds: [[number, number], [number, number]] | null;
  }[];
}

/** Every village of a level, column by column (one array per field, same order, by id). */
export interface Units {
  level: Level;
  version: string;
  townships: { id: number; name: string }[];
  units: {
    id: number[];
    name: string[];
    code: (string | null)[];
    townshipId: number[];
    kind: string[];
    lat: number[];
    lng: number[];
  };
}

/** One character a unit, in the units' order: c covered, p planned, o overdue, g gap, - not a unit. */
export interface Statuses {
  month: string;
  level: Level;
  version: string;
  statuses: string;
  /** Beside each letter: 1 where a verified or accepted screening covers the unit, 0 where none does, '-' where it is no unit. */
  verified?: string;
}

export interface VillageDetail {
  id: number;
  name: string;
  townshipId: number;
  townshipName: string;
  kind: string;
  code: string | null;
  status: UnitStatus | null;
  screenings: {
    id: number;
    startsAt: string;
    status: string;
    audience: number | null;
    filmTitle: string | null;
    /** The programme, in order. */
    films: ProgrammeFilm[];
    teamName: string;
    /** A completed one's evidence state and the bureau's decision. */
    verification?: { state: 'verified' | 'flagged' | 'unverified'; decision: 'accepted' | 'rejected' | null } | null;
  }[];
  lastCompleted: { startsAt: string; filmTitle: string | null; films: ProgrammeFilm[]; teamName: string; audience: number | null } | null;
}

/** An area, or null: the reader's whole scope (the deployment, or their own area). */
type AreaId = number | null;

export const mapApi = {
  /** The township answer of the area (or of everything the reader sees). */
  coverage: (month: string, level: Level, areaId: AreaId) => get<Coverage>(`/api/coverage?${query({ month, level, areaId })}`),
  /** The month's counts of each child area of `areaId`: a few KB, whatever the area's size. */
  areaCoverage: (month: string, level: Level, areaId: AreaId, groupBy: AreaLevel) =>
    get<AreaCoverage>(`/api/coverage?${query({ month, level, areaId, groupBy })}`),
  // The registry's shape changes rarely: the server sends an ETag and the browser revalidates (304).
  areas: async (level: Level, areaId: AreaId): Promise<AreaRegistry> => {
    const a = await get<AreaRegistry & { groupBy?: ChildLevel }>(`/api/coverage/areas?${query({ level, areaId })}`);
    // notes/areas-api.md calls the children's level childLevel; the server names it groupBy, as the question's parameter.
    return { ...a, childLevel: a.childLevel ?? a.groupBy };
  },
  // Positions and names change rarely: the server sends an ETag and the browser revalidates (304).
  units: (level: Level, areaId: AreaId) => get<Units>(`/api/coverage/units?${query({ level, areaId })}`),
  statuses: (month: string, level: Level, areaId: AreaId) => get<Statuses>(`/api/coverage/statuses?${query({ month, level, areaId })}`),
  village: (id: number, month: string, level: Level) => get<VillageDetail>(`/api/coverage/villages/${id}?${query({ month, level })}`),
};
