// The coverage JSON the map reads, typed as the page uses it.
import type { UnitStatus } from '../../../domain/status.js';
import type { Level } from '../../../domain/units.js';
import type { Counts } from '../shared/api.js';
import { get, query } from '../shared/http.js';

export interface Coverage {
  month: string;
  timezone: string;
  level: Level;
  totals: Counts;
  townships: (Counts & { id: number; name: string })[];
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
    teamName: string;
    /** A completed one's evidence state and the bureau's decision. */
    verification?: { state: 'verified' | 'flagged' | 'unverified'; decision: 'accepted' | 'rejected' | null } | null;
  }[];
  lastCompleted: { startsAt: string; filmTitle: string | null; teamName: string; audience: number | null } | null;
}

export const mapApi = {
  coverage: (month: string, level: Level) => get<Coverage>(`/api/coverage?${query({ month, level })}`),
  // Positions and names change rarely: the server sends an ETag and the browser revalidates (304).
  units: (level: Level) => get<Units>(`/api/coverage/units?${query({ level })}`),
  statuses: (month: string, level: Level) => get<Statuses>(`/api/coverage/statuses?${query({ month, level })}`),
  village: (id: number, month: string, level: Level) => get<VillageDetail>(`/api/coverage/villages/${id}?${query({ month, level })}`),
};
