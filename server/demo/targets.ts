import type { DateTime } from 'luxon';
import type { Db } from '../db/index.js';

// The demo's targets (DOMAIN.md "Targets"): the prefecture (玉溪市) sets this year's shares, and
// Tonghai inherits them — the programme report measures its townships against them, and the
// targets form shows where they come from.

/** 玉溪市, this year: half the qualifying screenings with a science film, three in ten with a new one. */
export async function seedDemoTargets(trx: Db, zone: string, now: DateTime): Promise<void> {
  const prefecture = await trx('areas').where({ code: '5304' }).first('id');
  if (!prefecture) return;
  await trx('area_targets').insert({ area_id: prefecture.id, year: now.setZone(zone).year, science_share: 0.5, new_film_share: 0.3 });
}
