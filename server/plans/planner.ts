// The month planner: which team shows in which gap unit on which evening. Pure (no database, no
// clock), deterministic (no randomness: the same input gives the same plan), straight-line
// (haversine) distances only.
//
// 1. Split: the units are shared among the teams by a capacitated k-means seeded at the teams'
//    bases: each team gets a quota — fair by default: an exact share, so that two teams' counts
//    differ by at most one unless a team runs out of free evenings (the extra units go to the teams
//    with the most units nearest their base); with `fair: false`, the even share with `balance`
//    slack on top, as before — never more than it has free evenings. Units are handed out
//    most-decided first (largest regret between the nearest and second-nearest centre) to the
//    nearest centre with room left, the centres move to their members, repeat. A team without a
//    base is seeded far from the others. A fair split then swaps units between pairs of teams
//    wherever both end up nearer their centres: the counts stay, the groups tighten.
// 2. Route: per team, nearest neighbour from its base, then (unless `improve: false`) 2-opt and
//    Or-opt moves on the open path (it does not return to base) until no move shortens it.
// 3. Evenings: the team's free evenings (not in `busy`), in order, are given to its route in order:
//    one screening per team per evening, consecutive free evenings.
// Whatever does not fit (more units than free evenings) is answered in `uncovered`.

import { haversineKm, type LatLng } from '../../domain/geo.js';

export { haversineKm, type LatLng };
export interface PlanUnit extends LatLng {
  id: number;
}
export interface PlanTeam {
  id: number;
  /** Where the team sets out from; null: the route starts at its first unit. */
  base: LatLng | null;
}
export interface PlanEvening {
  /** Local calendar date, YYYY-MM-DD: the key of `busy`. */
  date: string;
  startsAt: Date;
}
export interface PlanInput {
  units: PlanUnit[];
  teams: PlanTeam[];
  /** The evenings that may be planned, in any order; the same list for every team. */
  evenings: PlanEvening[];
  /** `${teamId}|${date}`: evenings a team already has a screening, or is unavailable. */
  busy: Set<string>;
  /** At most this many screenings per team in this plan (default: as many as it has free evenings). */
  capacity?: number;
}
export interface PlanItem {
  unitId: number;
  teamId: number;
  date: string;
  startsAt: Date;
}
export interface Plan {
  /** Ordered by team (input order), then evening. */
  items: PlanItem[];
  uncovered: number[];
  /** Total of every team's route: base → first unit → … → last unit, km. */
  routeKm: number;
  /** Route length per team id, km. */
  teamKm: Map<number, number>;
}
export interface PlanOptions {
  /** Improve each route by 2-opt and Or-opt after nearest neighbour (default true). */
  improve?: boolean;
  /**
   * Share the units fairly (default true): every team takes the even share or one more, unless its
   * free evenings run out first. False: a team may take up to `balance` times the even share.
   */
  fair?: boolean;
  /** With `fair: false`, a team may take this factor of the even share of units (default 1.15: at most 15% more). */
  balance?: number;
  /** Rounds of the k-means split (default 12; it usually settles in fewer). */
  rounds?: number;
  /** Stop improving after this many passes over a route (default 50: a guard, rarely reached). */
  maxPasses?: number;
}

/** Length of an open path, starting at `start` when given. */
export function pathKm(start: LatLng | null, points: LatLng[]): number {
  let km = 0;
  let prev = start;
  for (const p of points) {
    if (prev) km += haversineKm(prev, p);
    prev = p;
  }
  return km;
}

export function plan(input: PlanInput, options: PlanOptions = {}): Plan {
  const { improve = true, fair = true, balance = 1.15, rounds = 12, maxPasses = 50 } = options;
  const teams = input.teams;
  const freeEvenings = teams.map((t) => freeEveningsOf(t.id, input));
  const caps = freeEvenings.map((e) => e.length);
  const groups = split(input.units, teams, caps, fair ? null : balance, rounds);

  const items: PlanItem[] = [];
  const teamKm = new Map<number, number>();
  let routeKm = 0;
  const placed = new Set<number>();
  teams.forEach((team, t) => {
    const members = groups[t]!;
    let route = nearestNeighbour(team.base, members);
    if (improve) route = improveRoute(team.base, route, maxPasses);
    const evenings = freeEvenings[t]!;
    const km = pathKm(team.base, route);
    teamKm.set(team.id, km);
    routeKm += km;
    route.forEach((u, i) => {
      const evening = evenings[i];
      if (!evening) return; // cannot happen: quotas never exceed free evenings
      placed.add(u.id);
      items.push({ unitId: u.id, teamId: team.id, date: evening.date, startsAt: evening.startsAt });
    });
  });
  const uncovered = input.units.filter((u) => !placed.has(u.id)).map((u) => u.id);
  return { items, uncovered, routeKm, teamKm };
}

/** The same split and evenings, routed by nearest neighbour alone: the baseline to compare with. */
export function planNearestNeighbour(input: PlanInput, options: Omit<PlanOptions, 'improve'> = {}): Plan {
  return plan(input, { ...options, improve: false });
}

function freeEveningsOf(teamId: number, input: PlanInput): PlanEvening[] {
  const seen = new Set<string>();
  const free = [...input.evenings]
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())
    .filter((e) => {
      // One screening a team an evening: a date listed twice is still one evening.
      if (seen.has(e.date) || input.busy.has(`${teamId}|${e.date}`)) return false;
      seen.add(e.date);
      return true;
    });
  return input.capacity === undefined ? free : free.slice(0, Math.max(0, Math.floor(input.capacity)));
}

/**
 * How many units each team takes: the even share ("water level") of `n` among teams limited by
 * their caps, times the balance slack, never over the cap. Together the quotas hold
 * min(n, Σ caps) units, so a unit is left out only when the evenings run out.
 */
export function quotas(n: number, caps: number[], balance: number): number[] {
  const total = caps.reduce((s, c) => s + c, 0);
  const placeable = Math.min(n, total);
  if (placeable === 0) return caps.map(() => 0);
  // Smallest level L with Σ min(cap, L) ≥ placeable.
  let lo = 0;
  let hi = Math.max(...caps);
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (caps.reduce((s, c) => s + Math.min(c, mid), 0) >= placeable) hi = mid;
    else lo = mid + 1;
  }
  return caps.map((c) => Math.min(c, Math.max(lo, Math.ceil(lo * balance))));
}

/**
 * Exact quotas summing to min(n, Σ caps): each team the water level L or L − 1 (its cap when that
 * is lower), so two teams' counts differ by at most one unless one runs out of evenings. The teams
 * holding the +1 are those with the most units nearest their seed centre (`demand`), then the first.
 */
export function fairQuotas(n: number, caps: number[], demand: number[] = caps.map(() => 0)): number[] {
  const level = quotas(n, caps, 1);
  const placeable = Math.min(n, caps.reduce((s, c) => s + c, 0));
  if (placeable === 0) return level;
  const top = Math.max(...level);
  const out = level.map((q) => Math.min(q, top - 1));
  let extra = placeable - out.reduce((s, q) => s + q, 0);
  const order = caps.map((_, t) => t).filter((t) => level[t] === top).sort((a, b) => demand[b]! - demand[a]! || a - b);
  for (const t of order) {
    if (extra-- <= 0) break;
    out[t]!++;
  }
  return out;
}

/** How many units lie nearest to each centre: who should hold the extra unit of a fair share. */
function demandOf(units: PlanUnit[], centres: LatLng[]): number[] {
  const demand = centres.map(() => 0);
  for (const u of units) {
    let best = 0;
    for (let t = 1; t < centres.length; t++) if (haversineKm(centres[t]!, u) < haversineKm(centres[best]!, u)) best = t;
    demand[best]!++;
  }
  return demand;
}

/** `balance` null: fair quotas (fairQuotas); else the even share times `balance`, the old split. */
function split(units: PlanUnit[], teams: PlanTeam[], caps: number[], balance: number | null, rounds: number): PlanUnit[][] {
  const k = teams.length;
  if (k === 0) return [];
  const centres = seedCentres(units, teams);
  const quota = balance === null ? fairQuotas(units.length, caps, demandOf(units, centres)) : quotas(units.length, caps, balance);
  let owner: Int32Array = new Int32Array(units.length).fill(-1);
  for (let round = 0; round < rounds; round++) {
    const next = assign(units, centres, quota);
    const same = next.every((o, i) => o === owner[i]);
    owner = next;
    if (same) break;
    // Move each centre to its members, held towards the base: the route starts there.
    for (let t = 0; t < k; t++) {
      let lat = 0;
      let lng = 0;
      let n = 0;
      owner.forEach((o, i) => {
        if (o !== t) return;
        lat += units[i]!.lat;
        lng += units[i]!.lng;
        n++;
      });
      if (n === 0) continue;
      const base = teams[t]!.base;
      centres[t] = base ? { lat: (lat + base.lat) / (n + 1), lng: (lng + base.lng) / (n + 1) } : { lat: lat / n, lng: lng / n };
    }
  }
  if (balance === null) exchange(units, centres, owner);
  const groups: PlanUnit[][] = teams.map(() => []);
  owner.forEach((o, i) => {
    if (o >= 0) groups[o]!.push(units[i]!);
  });
  return groups;
}

/**
 * Swaps units between two teams wherever both end up nearer their centres: the exact counts of a
 * fair split stay, and the units it handed last to whichever team still had room go back the way.
 */
function exchange(units: PlanUnit[], centres: LatLng[], owner: Int32Array, maxPasses = 10) {
  const k = centres.length;
  const dist = new Float64Array(units.length * k);
  units.forEach((u, i) => centres.forEach((c, t) => (dist[i * k + t] = haversineKm(c, u))));
  const members: number[][] = centres.map(() => []);
  owner.forEach((o, i) => {
    if (o >= 0) members[o]!.push(i);
  });
  // What unit i saves by moving from its team to team t (negative: it costs).
  const gain = (i: number, t: number) => dist[i * k + owner[i]!]! - dist[i * k + t]!;
  for (let pass = 0; pass < maxPasses; pass++) {
    let swapped = false;
    for (let a = 0; a < k; a++) {
      for (let b = a + 1; b < k; b++) {
        // The best movers each way, paired off while a pair saves more than it costs.
        const A = members[a]!.map((i) => ({ i, g: gain(i, b) })).sort((x, y) => y.g - x.g || x.i - y.i);
        const B = members[b]!.map((j) => ({ j, g: gain(j, a) })).sort((x, y) => y.g - x.g || x.j - y.j);
        let m = 0;
        while (m < A.length && m < B.length && A[m]!.g + B[m]!.g > 1e-9) m++;
        if (m === 0) continue;
        swapped = true;
        const toB = A.slice(0, m).map((x) => x.i);
        const toA = B.slice(0, m).map((x) => x.j);
        for (const i of toB) owner[i] = b;
        for (const j of toA) owner[j] = a;
        members[a] = [...A.slice(m).map((x) => x.i), ...toA];
        members[b] = [...B.slice(m).map((x) => x.j), ...toB];
      }
    }
    if (!swapped) break;
  }
}

/** Teams without a base start at the unit farthest from every centre chosen so far. */
function seedCentres(units: PlanUnit[], teams: PlanTeam[]): LatLng[] {
  const centres: (LatLng | null)[] = teams.map((t) => t.base);
  for (let t = 0; t < teams.length; t++) {
    if (centres[t]) continue;
    const known = centres.filter((c): c is LatLng => c !== null);
    let best: LatLng = units[0] ?? { lat: 0, lng: 0 };
    let bestKm = -1;
    for (const u of units) {
      const km = known.length ? Math.min(...known.map((c) => haversineKm(c, u))) : -u.lat - u.lng;
      if (km > bestKm) {
        bestKm = km;
        best = u;
      }
    }
    centres[t] = { lat: best.lat, lng: best.lng };
  }
  return centres as LatLng[];
}

function assign(units: PlanUnit[], centres: LatLng[], quota: number[]): Int32Array {
  const k = centres.length;
  const dist = units.map((u) => centres.map((c) => haversineKm(c, u)));
  const prefs = dist.map((d) => Array.from({ length: k }, (_, t) => t).sort((a, b) => d[a]! - d[b]! || a - b));
  const regret = dist.map((d, i) => (k > 1 ? d[prefs[i]![1]!]! - d[prefs[i]![0]!]! : 0));
  const order = units.map((_, i) => i).sort((a, b) => regret[b]! - regret[a]! || a - b);
  const left = [...quota];
  const owner = new Int32Array(units.length).fill(-1);
  for (const i of order) {
    const t = prefs[i]!.find((c) => left[c]! > 0);
    if (t === undefined) continue; // every team is full: uncovered
    owner[i] = t;
    left[t]!--;
  }
  return owner;
}

/** Greedy open path: always on to the closest unit not yet visited. Without a base, from the unit farthest out. */
export function nearestNeighbour<T extends LatLng>(start: LatLng | null, points: T[]): T[] {
  if (points.length === 0) return [];
  const left = [...points];
  let at: LatLng;
  const route: T[] = [];
  if (start) at = start;
  else {
    const c = { lat: mean(points.map((p) => p.lat)), lng: mean(points.map((p) => p.lng)) };
    let far = 0;
    left.forEach((p, i) => {
      if (haversineKm(c, p) > haversineKm(c, left[far]!)) far = i;
    });
    at = left.splice(far, 1)[0]!;
    route.push(at as T);
  }
  while (left.length) {
    let best = 0;
    let bestKm = Infinity;
    for (let i = 0; i < left.length; i++) {
      const km = haversineKm(at, left[i]!);
      if (km < bestKm) {
        bestKm = km;
        best = i;
      }
    }
    at = left.splice(best, 1)[0]!;
    route.push(at as T);
  }
  return route;
}

/**
 * 2-opt (reverse a stretch) and Or-opt (move a run of 1–3 units elsewhere, either way round) on an
 * open path with a fixed start, taking only moves that shorten it: the result is never longer.
 */
export function improveRoute<T extends LatLng>(start: LatLng | null, route: T[], maxPasses = 50): T[] {
  // Node 0 is the base (fixed); without a base the first unit may move too.
  const nodes: LatLng[] = start ? [start, ...route] : [...route];
  const first = start ? 1 : 0;
  // A distance table while it stays small (1,500 nodes: 18 MB); beyond that, computed each time.
  const n0 = nodes.length;
  const table = n0 <= 1500 ? new Float64Array(n0 * n0).fill(-1) : undefined;
  const d = (a: number, b: number) => {
    if (!table) return haversineKm(nodes[a]!, nodes[b]!);
    const k = a * n0 + b;
    let v = table[k]!;
    if (v < 0) v = table[k] = table[b * n0 + a] = haversineKm(nodes[a]!, nodes[b]!);
    return v;
  };
  let path = nodes.map((_, i) => i);
  const EPS = 1e-9;
  for (let pass = 0; pass < maxPasses; pass++) {
    let improved = false;
    const n = path.length;
    // 2-opt: reverse path[i..j].
    for (let i = first; i < n - 1; i++) {
      for (let j = i + 1; j < n; j++) {
        const before = i > 0 ? d(path[i - 1]!, path[i]!) : 0;
        const after = j < n - 1 ? d(path[j]!, path[j + 1]!) : 0;
        const newBefore = i > 0 ? d(path[i - 1]!, path[j]!) : 0;
        const newAfter = j < n - 1 ? d(path[i]!, path[j + 1]!) : 0;
        if (newBefore + newAfter < before + after - EPS) {
          path = [...path.slice(0, i), ...path.slice(i, j + 1).reverse(), ...path.slice(j + 1)];
          improved = true;
        }
      }
    }
    // Or-opt: take path[i..i+len-1] out and put it between two other neighbours.
    for (let len = 1; len <= 3; len++) {
      for (let i = first; i + len <= path.length; i++) {
        const seg = path.slice(i, i + len);
        const rest = [...path.slice(0, i), ...path.slice(i + len)];
        const removed =
          (i > 0 ? d(path[i - 1]!, seg[0]!) : 0) +
          (i + len < path.length ? d(seg[len - 1]!, path[i + len]!) : 0) -
          (i > 0 && i + len < path.length ? d(path[i - 1]!, path[i + len]!) : 0);
        let bestGain = EPS;
        let bestAt: number | undefined;
        let bestReversed = false;
        // Insert after rest[p] (p = first - 1 means at the very front, only without a base).
        for (let p = first - 1; p < rest.length; p++) {
          if (p === i - 1) continue; // where it came from
          const a = p >= 0 ? rest[p] : undefined;
          const b = p + 1 < rest.length ? rest[p + 1] : undefined;
          const edge = a !== undefined && b !== undefined ? d(a, b) : 0;
          for (const reversed of [false, true]) {
            const head = reversed ? seg[len - 1]! : seg[0]!;
            const tail = reversed ? seg[0]! : seg[len - 1]!;
            const added = (a !== undefined ? d(a, head) : 0) + (b !== undefined ? d(tail, b) : 0) - edge;
            const gain = removed - added;
            if (gain > bestGain) {
              bestGain = gain;
              bestAt = p;
              bestReversed = reversed;
            }
          }
        }
        if (bestAt !== undefined) {
          const moved = bestReversed ? [...seg].reverse() : seg;
          path = [...rest.slice(0, bestAt + 1), ...moved, ...rest.slice(bestAt + 1)];
          improved = true;
        }
      }
    }
    if (!improved) break;
  }
  return path.filter((i) => i >= first).map((i) => route[i - first]!);
}

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
