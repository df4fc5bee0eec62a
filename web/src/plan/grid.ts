// The month as a table: one row a day, one column a team. Each cell lists that team's screenings
// of the day as status-coloured chips; a cell without a live screening is a free evening and
// offers "+". Chips and gap villages can be dragged onto a cell. A chip names its programme's
// films, and a completed screening whose programme does not count or shows an unlicensed film says
// so (its flags programme_incomplete, film_unlicensed).
import { daysOf, isWeekend, today, wallClock } from '../../../domain/months.js';
import { currentLang, formatDay, statusLabel, t } from '../i18n/index.js';
import { shownStatus, type Team } from '../shared/api.js';
import { h } from '../shared/dom.js';
import type { DraftItem, Flag, PlanScreening, ProgrammeFilm } from './api.js';

/** The flags about a programme, the ones the plan shows on a chip. */
export const PROGRAMME_FLAGS = ['programme_incomplete', 'film_unlicensed'] as const;

/** A programme's titles, as one line ("长津湖 + 花生栽培技术"). */
export const programmeTitles = (films: readonly Pick<ProgrammeFilm, 'title'>[]) => films.map((f) => f.title).join(' + ');

const flagText = (f: Flag) => (currentLang() === 'zh-CN' ? f.messageZh : f.message);

export interface GridHandlers {
  open(id: number): void;
  add(date: string, teamId: number): void;
  dropVillage(villageId: number, date: string, teamId: number): void;
  dropScreening(id: number, date: string, teamId: number): void;
}

export const DRAG_VILLAGE = 'application/x-film2131-village';
export const DRAG_SCREENING = 'application/x-film2131-screening';

export function renderGrid(
  table: HTMLTableElement,
  month: string,
  teams: Team[],
  screenings: PlanScreening[],
  zone: string,
  handlers: GridHandlers,
  draft: { items: DraftItem[]; villageName: (id: number) => string; titles: (item: DraftItem) => string } | null = null,
  /** Issue 22 sign-off: the whole month is locked (signed off): no cell offers "+" or takes a drop. */
  monthLocked = false,
) {
  const cells = new Map<string, PlanScreening[]>();
  for (const s of screenings) {
    const key = `${wallClock(s.startsAt, zone).date}|${s.teamId}`;
    const list = cells.get(key) ?? [];
    list.push(s);
    cells.set(key, list);
  }
  const drafted = new Map<string, DraftItem[]>();
  for (const d of draft?.items ?? []) {
    const key = `${wallClock(d.startsAt, zone).date}|${d.teamId}`;
    drafted.set(key, [...(drafted.get(key) ?? []), d]);
  }
  const now = Date.now();
  const day0 = today(zone);
  table.setAttribute('aria-label', t('plan.gridLabel', { month }));
  table.replaceChildren(
    h('thead', {}, h('tr', {}, h('th', { scope: 'col', class: 'day' }, t('plan.day')), ...teams.map((tm) => h('th', { scope: 'col' }, tm.name)))),
    h(
      'tbody',
      {},
      ...daysOf(month).map((date) =>
        h(
          'tr',
          { 'data-date': date, class: [isWeekend(date) ? 'weekend' : '', date === day0 ? 'today' : ''].join(' ').trim() || undefined },
          h('th', { scope: 'row', class: 'day' }, formatDay(date)),
          ...teams.map((team) => {
            const list = (cells.get(`${date}|${team.id}`) ?? []).sort((a, b) => a.startsAt.localeCompare(b.startsAt));
            const busy = list.some((s) => s.status !== 'cancelled');
            const td = h('td', { 'data-team': team.id, 'data-date': date, class: busy ? 'busy' : 'free' });
            for (const s of list) td.append(chip(s, zone, now, handlers));
            for (const d of drafted.get(`${date}|${team.id}`) ?? []) {
              const titles = draft!.titles(d);
              td.append(
                h(
                  'span',
                  { class: 'chip draft' },
                  h('span', { class: 'time' }, wallClock(d.startsAt, zone).time),
                  ' ',
                  draft!.villageName(d.villageId),
                  titles ? h('small', { class: 'film' }, titles) : null,
                ),
              );
            }
            if (!busy && !monthLocked) {
              const add = h('button', { type: 'button', class: 'add', 'aria-label': t('plan.addIn', { team: team.name, date: formatDay(date, { month: 'long', day: 'numeric' }) }) }, '+');
              add.addEventListener('click', () => handlers.add(date, team.id));
              td.append(add);
            }
            if (!monthLocked) dropTarget(td, date, team.id, handlers);
            return td;
          }),
        ),
      ),
    ),
  );
}

function chip(s: PlanScreening, zone: string, now: number, handlers: GridHandlers) {
  const shown = shownStatus(s, now);
  const titles = s.films ? programmeTitles(s.films) : s.filmTitle;
  const flags = (s.verification?.flags ?? []).filter((f) => (PROGRAMME_FLAGS as readonly string[]).includes(f.code));
  const b = h(
    'button',
    {
      type: 'button',
      class: `chip s-${shown}${s.locked ? ' locked' : ''}`,
      'data-locked': s.locked ? 'true' : undefined,
      'data-id': s.id,
      'data-status': s.status,
      'data-flags': flags.map((f) => f.code).join(' ') || undefined,
      // A locked month's screening (issue 22 sign-off) does not move.
      draggable: s.status !== 'completed' && !s.locked ? 'true' : undefined,
      title: [s.villageName, titles, statusLabel(shown), s.cancelReason, ...flags.map(flagText), s.locked ? t('plan.locked.chip') : null].filter(Boolean).join(' · '),
    },
    h('span', { class: 'time' }, wallClock(s.startsAt, zone).time),
    ' ',
    h('span', { class: 'village' }, s.villageName),
    titles ? h('small', { class: 'film' }, titles) : null,
    ...flags.map((f) => h('small', { class: `programme-flag ${f.severity}`, 'data-flag': f.code }, t(`plan.programme.flag.${f.code as (typeof PROGRAMME_FLAGS)[number]}`))),
    s.locked ? h('small', { class: 'locked-mark' }, t('plan.locked.chip')) : null,
  );
  b.addEventListener('click', () => handlers.open(s.id));
  b.addEventListener('dragstart', (e) => {
    if (s.locked) return e.preventDefault();
    e.dataTransfer?.setData(DRAG_SCREENING, String(s.id));
    if (e.dataTransfer) e.dataTransfer.effectAllowed = 'move';
  });
  return b;
}

function dropTarget(td: HTMLElement, date: string, teamId: number, handlers: GridHandlers) {
  const accepts = (e: DragEvent) => !!e.dataTransfer && [DRAG_VILLAGE, DRAG_SCREENING].some((k) => e.dataTransfer!.types.includes(k));
  td.addEventListener('dragover', (e) => {
    if (!accepts(e)) return;
    e.preventDefault();
    td.classList.add('drop');
  });
  td.addEventListener('dragleave', () => td.classList.remove('drop'));
  td.addEventListener('drop', (e) => {
    td.classList.remove('drop');
    if (!accepts(e)) return;
    e.preventDefault();
    const village = Number(e.dataTransfer!.getData(DRAG_VILLAGE));
    const screening = Number(e.dataTransfer!.getData(DRAG_SCREENING));
    if (village) handlers.dropVillage(village, date, teamId);
    else if (screening) handlers.dropScreening(screening, date, teamId);
  });
}

/** The four status colours of the map, plus grey for cancelled. */
export function renderLegend(el: HTMLElement) {
  el.replaceChildren(
    ...(['covered', 'planned', 'overdue', 'cancelled'] as const).map((s) =>
      h('li', {}, h('span', { class: `dot s-${s}`, 'aria-hidden': 'true' }), statusLabel(s)),
    ),
  );
}
