// The draft's programmes (DOMAIN.md "Films and programmes", the row of POST /api/plans/draft).
// Pure: the service loads the facts in a few set-based queries (./queries.ts) and hands them in;
// nothing here reads the database or the clock, and the same facts give the same programmes.
//
// For each proposed screening, in order of evening (then team), the films usable that evening are
// those licensed on its local date (the catalogue holds no retired film), not seen in the unit
// within REPEAT_DAYS either side (shown or planned, not cancelled or rejected; the films this
// draft gives the unit count too). From them, in this order, while there is room (PROGRAMME_MAX):
//   1. `requested`: what the unit's villagers asked for, most wanted first, that is usable: one
//      long film at most, and shorts only while the places the steps below need stay free (one per
//      campaign the unit wants, the long film, the science film) — never more than four;
//   2. `campaign`: one film of each running campaign the unit still wants (inside its area, not yet
//      covered), a long one when the programme has none yet;
//   3. `feature`: the long film that makes it one 场 — or, without any, science shorts up to three;
//   4. `science_share`: a science film, when the team's month needs one to keep its share of
//      qualifying screenings with science at the unit's target (ceil of the targets summed so far).
// A programme that still does not qualify is proposed as it is, with `no_qualifying_programme`.
//
// Which film of a kind: the first usable in the catalogue's order — newest first, which serves the
// new-film share and keeps the teams on the same few films, so a month asks for few copies —
// features before other long films. A running campaign's films are
// kept for the units that want them (elsewhere only when nothing else is left): the draft shows
// where the campaign goes.

import { isLong, licensedOn, PROGRAMME_MAX, qualifies, REPEAT_DAYS, SCIENCE_SHORTS_MIN, type ProgrammeFilm } from '../../domain/programme.js';

/** Why a film is in a proposed programme; `no_qualifying_programme` is about the programme as a whole. */
export const programmeReasons = ['requested', 'campaign', 'feature', 'science_share', 'no_qualifying_programme'] as const;
export type ProgrammeReason = (typeof programmeReasons)[number];

export interface PlanFilm extends ProgrammeFilm {
  title: string;
}

export interface PlanCampaign {
  id: number;
  filmIds: number[];
  /** The units that still want one of its films: inside its area, not yet covered in its span. */
  units: ReadonlySet<number>;
}

export interface ProgrammeFacts {
  /** Films not retired, in the order to prefer them (newest first). */
  films: PlanFilm[];
  /** LONG_FILM_MINUTES (server/config.ts). */
  longMinutes: number;
  /** Per unit: film id → the local days (dayNumber) of the unit's live screenings showing it. */
  seen: ReadonlyMap<number, ReadonlyMap<number, readonly number[]>>;
  campaigns: PlanCampaign[];
  /** Per unit: the films its villagers asked for, most wanted first (./queries.ts requestedFilms). */
  requested: ReadonlyMap<number, readonly number[]>;
  /** Per unit: film id → how many of its villagers' phones asked for it (the reason's count); absent: not counted. */
  requests?: ReadonlyMap<number, ReadonlyMap<number, number>>;
  /** Per unit: the effective scienceShare of its county (absent or null: no target). */
  scienceShare: ReadonlyMap<number, number | null>;
}

export interface Slot {
  unitId: number;
  teamId: number;
  /** The evening's local date, YYYY-MM-DD. */
  date: string;
}

export interface ProgrammeReasonEntry {
  /** null: about the programme as a whole. */
  filmId: number | null;
  reason: ProgrammeReason;
  /** With `requested`: how many villagers (phones) asked for the film, when known. */
  requests?: number;
}

export interface ProposedProgramme {
  /** The long film first, then the others in the order chosen. */
  programme: number[];
  /** One entry per film, in programme order; then `{filmId: null, reason: 'no_qualifying_programme'}` when it does not qualify. */
  reasons: ProgrammeReasonEntry[];
  qualifies: boolean;
  /** Holds a science film. */
  science: boolean;
}

export interface ScienceSummary {
  /** The draft's screenings whose programme qualifies, and those of them holding a science film. */
  screenings: number;
  withScience: number;
  /** withScience / screenings (null: none qualifies). */
  share: number | null;
  /** The units' targets averaged over those of the screenings with one (one county: its target); null: none set. */
  target: number | null;
}

/** A date as a count of days, so that two dates' distance in calendar days is a subtraction. */
export const dayNumber = (date: string): number => Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000;

const isScience = (f: ProgrammeFilm) => f.category === 'science';

/** The programme of every slot, in the slots' order, and how the draft stands against the science share. */
export function proposeProgrammes(slots: readonly Slot[], facts: ProgrammeFacts): { programmes: ProposedProgramme[]; science: ScienceSummary } {
  const byId = new Map(facts.films.map((f) => [f.id, f]));
  // What this draft adds to each unit's history (a unit is in a draft once, but the rule holds anyway).
  const given = new Map<number, Map<number, number[]>>();
  const wanted = facts.campaigns.map((c) => new Set(c.units));
  const campaignFilms = new Set(facts.campaigns.flatMap((c) => c.filmIds));
  const teams = new Map<number, { target: number; science: number }>();
  const out: ProposedProgramme[] = new Array(slots.length);
  let screenings = 0;
  let withScience = 0;
  let targetSum = 0;
  let targeted = 0;

  const reasonOf = (unitId: number, filmId: number, reason: ProgrammeReason): ProgrammeReasonEntry => {
    const requests = reason === 'requested' ? facts.requests?.get(unitId)?.get(filmId) : undefined;
    return requests === undefined ? { filmId, reason } : { filmId, reason, requests };
  };

  const order = slots.map((_, i) => i).sort((a, b) => (slots[a]!.date < slots[b]!.date ? -1 : slots[a]!.date > slots[b]!.date ? 1 : slots[a]!.teamId - slots[b]!.teamId || a - b));
  for (const i of order) {
    const slot = slots[i]!;
    const day = dayNumber(slot.date);
    const seenAt = (filmId: number) => {
      const near = (days: readonly number[] | undefined) => days?.some((d) => Math.abs(d - day) < REPEAT_DAYS) ?? false;
      return near(facts.seen.get(slot.unitId)?.get(filmId)) || near(given.get(slot.unitId)?.get(filmId));
    };
    const chosen: { film: PlanFilm; reason: ProgrammeReason }[] = [];
    const usable = (f: PlanFilm | undefined): f is PlanFilm => f !== undefined && licensedOn(f, slot.date) && !chosen.some((c) => c.film.id === f.id) && !seenAt(f.id);
    /** The first usable film passing `ok`; a campaign's film only when nothing else is left. */
    const find = (ok: (f: PlanFilm) => boolean): PlanFilm | undefined =>
      facts.films.find((f) => usable(f) && ok(f) && !campaignFilms.has(f.id)) ?? facts.films.find((f) => usable(f) && ok(f));
    const room = () => chosen.length < PROGRAMME_MAX;
    const hasLong = () => chosen.some((c) => isLong(c.film, facts.longMinutes));
    const add = (film: PlanFilm | undefined, reason: ProgrammeReason) => {
      if (!film || !room()) return false;
      chosen.push({ film, reason });
      return true;
    };
    const sciences = () => chosen.filter((c) => isScience(c.film)).length;

    const target = facts.scienceShare.get(slot.unitId) ?? null;
    const team = teams.get(slot.teamId) ?? { target: 0, science: 0 };
    teams.set(slot.teamId, team);
    const wantsScience = target !== null && target > 0 && team.science < Math.ceil(team.target + target - 1e-9);

    // The requests, most wanted first: one long film at most (a programme is one 场: the rest of
    // the long ones wait for a later month), shorts while the places the later steps need stay free.
    const campaignsWanted = facts.campaigns.filter((c, k) => wanted[k]!.has(slot.unitId)).length;
    for (const id of facts.requested.get(slot.unitId) ?? []) {
      const film = [byId.get(id)].find(usable);
      if (!film) continue;
      const long = isLong(film, facts.longMinutes);
      if (long && hasLong()) continue;
      const after = campaignsWanted + (long || hasLong() ? 0 : 1) + (wantsScience && sciences() === 0 && !isScience(film) ? 1 : 0);
      if (chosen.length + 1 + after <= PROGRAMME_MAX && chosen.length < PROGRAMME_MAX - 2) add(film, 'requested');
    }
    facts.campaigns.forEach((c, k) => {
      if (!wanted[k]!.has(slot.unitId) || !room()) return;
      if (chosen.some((x) => c.filmIds.includes(x.film.id))) return; // a requested film already covers it
      const films = c.filmIds.map((id) => byId.get(id)).filter(usable);
      const pick = (!hasLong() && films.find((f) => isLong(f, facts.longMinutes))) || (wantsScience && films.find(isScience)) || films[0];
      if (add(pick, 'campaign')) wanted[k]!.delete(slot.unitId);
    });
    if (!hasLong() && room()) {
      const long = find((f) => f.category === 'feature' && isLong(f, facts.longMinutes)) ?? find((f) => isLong(f, facts.longMinutes));
      // No long film left for this unit that evening: one 场 of science shorts instead.
      if (!add(long, 'feature')) while (sciences() < SCIENCE_SHORTS_MIN && add(find(isScience), 'feature'));
    }
    if (wantsScience && sciences() === 0) {
      add(find((f) => isScience(f) && !isLong(f, facts.longMinutes)) ?? find(isScience), 'science_share');
    }

    const films = chosen.map((c) => c.film);
    const ok = qualifies(films, facts.longMinutes);
    const science = films.some(isScience);
    // The long film leads (it names the screening: filmId, the run sheet), the rest in the order chosen.
    const lead = chosen.findIndex((c) => isLong(c.film, facts.longMinutes));
    if (lead > 0) chosen.unshift(...chosen.splice(lead, 1));
    out[i] = {
      programme: chosen.map((c) => c.film.id),
      reasons: [...chosen.map((c) => reasonOf(slot.unitId, c.film.id, c.reason)), ...(ok ? [] : [{ filmId: null, reason: 'no_qualifying_programme' as const }])],
      qualifies: ok,
      science,
    };

    const unitGiven = given.get(slot.unitId) ?? new Map<number, number[]>();
    given.set(slot.unitId, unitGiven);
    for (const f of films) unitGiven.set(f.id, [...(unitGiven.get(f.id) ?? []), day]);
    if (ok) {
      screenings++;
      if (science) withScience++;
      if (target !== null) {
        targeted++;
        targetSum += target;
        team.target += target;
      }
      if (science) team.science++;
    }
  }
  return {
    programmes: out,
    science: { screenings, withScience, share: screenings ? withScience / screenings : null, target: targeted ? targetSum / targeted : null },
  };
}
