import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { splitThemes } from '../../domain/film-columns.js';
import type { FilmCategory } from '../../domain/programme.js';
import type { Db } from '../db/index.js';

// The demo catalogue: some 80 films as a county's 2131 catalogue would hold them — feature films,
// science shorts on farming, health, safety and law, documentaries, Yunnan opera (花灯戏, 滇剧),
// children's films — with licence windows, some expired, some not yet open. The titles and codes
// are invented (DEMO-…), not the national catalogue's. The file has the catalogue import's columns
// (POST /api/films/import reads it as it is).

export interface DemoFilm {
  title: string;
  category: FilmCategory;
  minutes: number;
  year: number;
  code: string;
  availableFrom: string | null;
  availableTo: string | null;
  themes: string[];
}

export const demoFilmsPath = path.join(path.dirname(fileURLToPath(import.meta.url)), 'films.csv');

/** Taken out of the catalogue by the bureau (retiredAt): licensed on no day, whatever its window. */
const RETIRED = new Set(['DEMO-GS-2029']);

export function readDemoFilms(): DemoFilm[] {
  const [, ...lines] = fs.readFileSync(demoFilmsPath, 'utf8').trim().split(/\r?\n/);
  return lines.map((line) => {
    const [title, category, minutes, year, code, from, to, themes] = line.split(',');
    return {
      title: title!,
      category: category as FilmCategory,
      minutes: Number(minutes),
      year: Number(year),
      code: code!,
      availableFrom: from || null,
      availableTo: to || null,
      themes: splitThemes(themes ?? ''),
    };
  });
}

export async function seedDemoFilms(trx: Db, now: Date): Promise<void> {
  const rows = readDemoFilms().map((f) => ({
    title: f.title,
    category: f.category,
    minutes: f.minutes,
    year: f.year,
    code: f.code,
    available_from: f.availableFrom,
    available_to: f.availableTo,
    themes: f.themes,
    retired_at: RETIRED.has(f.code) ? now : null,
  }));
  await trx('films').insert(rows);
}
