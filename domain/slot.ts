// One team, one screening an evening (DOMAIN.md "Scheduling"): two screenings of a team whose starts
// are less than 3 hours apart clash, unless one of them is cancelled. The database enforces it with
// an exclusion constraint over screening_slot() (migrations/202611260003_create_screenings.ts);
// the planner, the plan page and the clash query (server/screenings/slot.ts) use this.

export const SLOT_HOURS = 3;
export const SLOT_MS = SLOT_HOURS * 3_600_000;

/** Whether two live screenings of one team starting at these instants (ms) clash. */
export const slotsClash = (a: number, b: number) => Math.abs(a - b) < SLOT_MS;
