// The warning before a repeat (DOMAIN.md "No repeats in a village"): the screenings of the same
// unit — the administrative village and its natural villages — whose programmes hold one of these
// films, less than REPEAT_DAYS calendar days apart in the county zone, neither cancelled nor
// rejected. Read from the screenings list (one request a village of the unit, kept while the page
// is open), so it sees what this user may see; the server's 409 on save is the rule itself.
import { DateTime } from 'luxon';
import { REPEAT_DAYS } from '../../../domain/programme.js';
import { wallClock } from '../../../domain/months.js';
import { unitOfVillage } from '../../../domain/units.js';
import type { Village } from '../shared/api.js';
import { planApi, type PlanScreening, type ProgrammeFilm } from './api.js';

export interface Repeat {
  film: ProgrammeFilm;
  other: PlanScreening;
}

/** Calendar days between two county dates (YYYY-MM-DD), either way round. */
const daysApart = (a: string, b: string) => Math.abs(DateTime.fromISO(a, { zone: 'utc' }).diff(DateTime.fromISO(b, { zone: 'utc' }), 'days').days);

export class RepeatWatch {
  private byUnit = new Map<number, Promise<PlanScreening[]>>();

  constructor(
    private villages: () => Map<number, Village>,
    private zone: () => string,
  ) {}

  unitOf(villageId: number): number {
    const v = this.villages().get(villageId);
    return (v && unitOfVillage(v, 'administrative')) ?? villageId;
  }

  /** After a save: the next look asks the server again. */
  forget() {
    this.byUnit.clear();
  }

  private screeningsOf(unit: number): Promise<PlanScreening[]> {
    let list = this.byUnit.get(unit);
    if (!list) {
      const members = [...this.villages().values()].filter((v) => v.id === unit || (v.kind === 'natural' && v.parentId === unit)).map((v) => v.id);
      if (!members.includes(unit)) members.push(unit);
      list = Promise.all(members.map((id) => planApi.villageScreenings(id))).then((lists) => lists.flat());
      list.catch(() => this.byUnit.delete(unit));
      this.byUnit.set(unit, list);
    }
    return list;
  }

  /** The films of `programme` already in a screening of the village's unit within the window, with that screening. */
  async find(villageId: number, date: string, programme: readonly ProgrammeFilm[], except?: number): Promise<Repeat[]> {
    if (!villageId || !date || !programme.length) return [];
    const others = await this.screeningsOf(this.unitOf(villageId));
    const zone = this.zone();
    const found: Repeat[] = [];
    for (const film of programme) {
      const other = others
        .filter(
          (s) =>
            s.id !== except &&
            s.status !== 'cancelled' &&
            s.verification?.decision !== 'rejected' &&
            (s.programme ?? (s.filmId ? [s.filmId] : [])).includes(film.id) &&
            daysApart(wallClock(s.startsAt, zone).date, date) < REPEAT_DAYS,
        )
        .sort((a, b) => daysApart(wallClock(a.startsAt, zone).date, date) - daysApart(wallClock(b.startsAt, zone).date, date))[0];
      if (other) found.push({ film, other });
    }
    return found;
  }
}
