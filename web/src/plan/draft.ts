// Auto-plan: ask the server for a draft covering the month's gaps, show it as a list and as one
// route a team on a small map (no base map needed: the villages and lines tell it), then store
// all of it in one go (accept) or forget it (discard). Nothing is stored before Accept. Each
// proposed screening shows its programme and why the planner chose each film; the partner may
// change a programme with the form's picker (./programme.ts) before accepting.
import L from 'leaflet';
import type { BaseMap } from '../shared/api.js';
import { addBaseMap } from '../shared/base-map.js';
import { daysOf, wallClock } from '../../../domain/months.js';
import { qualifies, REPEAT_DAYS } from '../../../domain/programme.js';
import { formatDay, isMessageKey, t, translate } from '../i18n/index.js';
import type { Team, Village } from '../shared/api.js';
import { routeStyle } from '../shared/colours.js';
import { byId, h } from '../shared/dom.js';
import { Problem } from '../shared/http.js';
import { planApi, type CatalogueFilm, type Draft, type DraftItem, type ProgrammeFilm, type ProgrammeReason } from './api.js';
import { requestedBy, type Requested } from './requests.js';
import { BY_PARTNER, reasonsOf, type Why } from './reasons.js';
import { programmeTitles } from './grid.js';
import { ProgrammePicker, shortfallText } from './programme.js';
import type { RepeatWatch } from './repeats.js';

export interface DraftContext {
  month: string;
  zone: string;
  teams: Team[];
  villages: Map<number, Village>;
  today: string;
  film: (id: number) => ProgrammeFilm | undefined;
  longMinutes: number;
  repeats: RepeatWatch;
  /** The villagers' requests of a village's unit, most requested first (./requests.ts). */
  requested?: (villageId: number) => Requested[];
  /** The deployment's base map under the routes (web/src/shared/base-map.ts). */
  baseMap?: BaseMap;
}

/** The films the planner proposed for each item, before the partner changed anything. */
const proposed = new WeakMap<DraftItem, Set<number>>();
const programmeIds = (item: DraftItem) => item.programme ?? (item.filmId ? [item.filmId] : []);

const reasonLabel = (r: Why, requests?: number) => {
  if (r === 'requested' && requests) return requestedBy(requests);
  const key = `plan.programme.reason.${r}`;
  return isMessageKey(key) ? t(key) : r;
};

export class DraftPanel {
  private dialog = byId<HTMLDialogElement>('draft-dialog');
  private form = byId<HTMLFormElement>('draft-form');
  private teamsEl = byId('draft-teams');
  private from = byId<HTMLInputElement>('draft-from');
  private make = byId<HTMLButtonElement>('draft-make');
  private error = byId('draft-error');
  private result = byId('draft-result');
  private summary = byId('draft-summary');
  private list = byId('draft-list');
  private acceptButton = byId<HTMLButtonElement>('draft-accept');
  private map: L.Map | null = null;
  private routes = L.featureGroup();
  private draft: Draft | null = null;
  private busy = false;
  /** The item whose programme the partner is changing, and the picker doing it. */
  private editing: { item: DraftItem; picker: ProgrammePicker; repeat: HTMLElement; reason: HTMLInputElement } | null = null;

  constructor(
    private ctx: () => DraftContext,
    /** The draft to preview in the grid (null: none), and a refresh after an accept. */
    private onDraft: (draft: Draft | null) => void,
    private onAccepted: (message: string) => void,
  ) {
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.makeDraft();
    });
    byId('draft-discard').addEventListener('click', () => this.discard());
    byId('draft-x').addEventListener('click', () => this.dialog.close());
    this.acceptButton.addEventListener('click', () => void this.accept());
  }

  open() {
    const c = this.ctx();
    translate(this.dialog);
    this.teamsEl.replaceChildren(
      ...c.teams.map((tm, i) =>
        h(
          'div',
          { class: 'draft-team' },
          h('label', {}, h('input', { type: 'checkbox', name: 'team', value: tm.id, checked: true }), h('span', { class: 'team-dot', style: `background:${colour(i)}` }), ' ', tm.name),
          h('label', { class: 'off' }, h('span', {}, t('draft.off')), h('input', { type: 'text', name: `off-${tm.id}`, inputmode: 'numeric', placeholder: t('draft.offPlaceholder') })),
        ),
      ),
    );
    const days = daysOf(c.month);
    this.from.min = days[0]!;
    this.from.max = days.at(-1)!;
    this.from.value = c.today > days[0]! && c.today <= days.at(-1)! ? c.today : days[0]!;
    this.error.hidden = true;
    if (!this.draft) this.result.hidden = true;
    this.dialog.showModal();
  }

  private options() {
    const c = this.ctx();
    const teamIds = [...this.teamsEl.querySelectorAll<HTMLInputElement>('input[name=team]:checked')].map((i) => Number(i.value));
    const unavailable: { teamId: number; date: string }[] = [];
    for (const teamId of teamIds) {
      const text = this.teamsEl.querySelector<HTMLInputElement>(`input[name=off-${teamId}]`)?.value ?? '';
      for (const part of text.split(/[,，、\s]+/)) {
        const day = Number(part);
        if (Number.isInteger(day) && day >= 1 && day <= 31) {
          const date = `${c.month}-${String(day).padStart(2, '0')}`;
          if (date.startsWith(c.month) && daysOf(c.month).includes(date)) unavailable.push({ teamId, date });
        }
      }
    }
    return { month: c.month, teamIds, from: this.from.value || undefined, evenings: { unavailable } };
  }

  private async makeDraft() {
    if (this.busy) return;
    this.busy = true;
    this.make.disabled = true;
    this.make.textContent = t('draft.making');
    this.error.hidden = true;
    try {
      this.draft = await planApi.draft(this.options());
      for (const item of this.draft.items) proposed.set(item, new Set(programmeIds(item)));
      this.editing = null;
      this.show();
    } catch (err) {
      this.fail(err);
    } finally {
      this.busy = false;
      this.make.disabled = false;
      this.make.textContent = t('draft.make');
    }
  }

  private teamIndex(teamId: number) {
    return this.ctx().teams.findIndex((tm) => tm.id === teamId);
  }

  private show() {
    const d = this.draft;
    if (!d) return;
    const c = this.ctx();
    this.result.hidden = false;
    const name = (id: number) => c.villages.get(id)?.name ?? `#${id}`;
    this.summary.replaceChildren(
      d.items.length ? t('draft.summary', { count: d.items.length, km: Math.round(d.routeKm) }) : t('draft.empty'),
      d.uncovered.length ? h('span', { class: 'uncovered' }, ' ', t('draft.uncovered', { count: d.uncovered.length, names: d.uncovered.map(name).join(t('text.listSeparator')) })) : '',
    );
    this.summary.dataset.count = String(d.items.length);
    this.acceptButton.textContent = t('draft.accept', { count: d.items.length });
    this.acceptButton.disabled = !d.items.length;

    const byTeam = new Map<number, DraftItem[]>();
    for (const item of [...d.items].sort((a, b) => a.startsAt.localeCompare(b.startsAt))) byTeam.set(item.teamId, [...(byTeam.get(item.teamId) ?? []), item]);
    this.list.replaceChildren(
      ...[...byTeam].map(([teamId, items]) => {
        const team = c.teams.find((tm) => tm.id === teamId);
        const i = this.teamIndex(teamId);
        return h(
          'section',
          { class: 'draft-team-list' },
          h('h3', {}, h('span', { class: 'team-dot', style: `background:${colour(i)}` }), ' ', t('draft.teamRow', { team: team?.name ?? `#${teamId}`, count: items.length })),
          h(
            'ol',
            {},
            ...items.map((item) => {
              const at = wallClock(item.startsAt, c.zone);
              const v = c.villages.get(item.villageId);
              const remove = h('button', { type: 'button', class: 'icon remove', 'aria-label': `${t('draft.remove')}: ${v?.name ?? ''}`, title: t('draft.remove') }, '×');
              remove.addEventListener('click', () => {
                d.items = d.items.filter((x) => x !== item);
                if (this.editing?.item === item) this.editing = null;
                this.show();
              });
              const editing = this.editing?.item === item;
              const change = h('button', { type: 'button', class: 'link-button change-programme', 'aria-expanded': String(editing) }, editing ? t('plan.programme.done') : t('plan.programme.change'));
              change.addEventListener('click', () => (editing ? this.closeEditor() : this.edit(item)));
              return h(
                'li',
                { 'data-village': item.villageId, 'data-team': item.teamId, class: editing ? 'editing' : undefined },
                h('span', { class: 'when' }, `${formatDay(at.date, { month: 'numeric', day: 'numeric', weekday: 'short' })} ${at.time}`),
                h('span', { class: 'where' }, v?.name ?? `#${item.villageId}`, h('small', {}, v?.townshipName ?? '')),
                remove,
                this.programmeLine(item),
                change,
                editing ? h('div', { class: 'draft-editor' }, this.editing!.picker.el, this.editing!.repeat) : null,
              );
            }),
          ),
        );
      }),
    );
    this.drawMap(byTeam);
    this.onDraft(d);
  }

  /** The films of an item's programme (the planner's `films`, else the page's catalogue by id). */
  private filmsOf(item: DraftItem): ProgrammeFilm[] {
    if (item.films) return item.films;
    const c = this.ctx();
    return (item.programme ?? (item.filmId ? [item.filmId] : [])).map((id) => c.film(id) ?? { id, title: `#${id}`, category: 'other', minutes: null });
  }

  /** How many of the village's villagers asked for a film, as the page loaded the requests (undefined: none). */
  private askedFor(villageId: number, filmId: number): number | undefined {
    return this.ctx().requested?.(villageId).find((r) => r.filmId === filmId)?.requests;
  }

  /** An item's programme titles as the grid's preview shows them. */
  titles(item: DraftItem): string {
    return programmeTitles(this.filmsOf(item));
  }

  /** Each film with why the planner chose it; a programme that does not count says why. */
  private programmeLine(item: DraftItem) {
    const c = this.ctx();
    const films = this.filmsOf(item);
    const { byFilm, overall, requests } = reasonsOf(item);
    const short = qualifies(films, c.longMinutes) ? null : shortfallText(films, c.longMinutes);
    return h(
      'div',
      { class: 'draft-programme', 'data-programme': films.map((f) => f.id).join(',') },
      ...films.map((f) =>
        h(
          'span',
          { class: 'draft-film', 'data-film': f.id, 'data-reason': byFilm.get(f.id), 'data-requests': requests.get(f.id) },
          f.title,
          byFilm.has(f.id) ? h('em', { class: 'reason' }, reasonLabel(byFilm.get(f.id)!, requests.get(f.id) ?? this.askedFor(item.villageId, f.id))) : null,
        ),
      ),
      films.length ? null : h('span', { class: 'draft-film none' }, t('plan.programme.none')),
      ...overall.map((r) => h('em', { class: 'reason overall', 'data-reason': r }, reasonLabel(r))),
      short ? h('span', { class: 'short' }, short) : null,
      item.repeatReason ? h('span', { class: 'repeat-note' }, t('plan.programme.repeatNote', { reason: item.repeatReason })) : null,
    );
  }

  /** Opens the picker on one item; its changes are the item's at once (the grid's preview too). */
  private edit(item: DraftItem) {
    const c = this.ctx();
    const date = wallClock(item.startsAt, c.zone).date;
    const reason = h('input', { type: 'text', class: 'draft-repeat-reason', maxlength: 500, 'aria-label': t('plan.programme.repeatReason'), placeholder: t('plan.programme.repeatReason') });
    reason.value = item.repeatReason ?? '';
    reason.addEventListener('input', () => {
      const text = reason.value.trim();
      if (text) item.repeatReason = text;
      else delete item.repeatReason;
    });
    const repeat = h('div', { class: 'warning draft-repeat', hidden: true });
    const picker = new ProgrammePicker({
      id: 'draft-programme-picker',
      longMinutes: c.longMinutes,
      date: () => date,
      requested: () => c.requested?.(item.villageId) ?? [],
      catalogue: (id) => c.film(id) as CatalogueFilm | undefined,
      onChange: (films) => {
        const before = reasonsOf(item);
        const planned = proposed.get(item) ?? new Set<number>();
        item.programme = films.map((f) => f.id);
        item.films = films;
        item.filmId = films[0]?.id ?? null;
        // The planner's reasons stay with the films it chose; a film put in here is the partner's.
        item.programmeReasons = [
          ...films.flatMap((f) => {
            const why = before.byFilm.get(f.id) ?? (planned.has(f.id) ? undefined : BY_PARTNER);
            const requests = before.requests.get(f.id);
            return why ? [{ filmId: f.id, reason: why as ProgrammeReason, ...(requests ? { requests } : {}) }] : [];
          }),
          ...before.overall.filter((r) => r !== 'no_qualifying_programme').map((r) => ({ filmId: null, reason: r as ProgrammeReason })),
        ];
        delete item.reasons;
        const line = this.list.querySelector('li.editing .draft-programme');
        line?.replaceWith(this.programmeLine(item));
        void this.checkRepeat(item, date, films);
        if (this.draft) this.onDraft(this.draft);
      },
    });
    picker.set(this.filmsOf(item));
    this.editing = { item, picker, repeat, reason };
    this.show();
    void this.checkRepeat(item, date, this.filmsOf(item));
    picker.focus();
  }

  private async checkRepeat(item: DraftItem, date: string, films: ProgrammeFilm[]) {
    const found = await this.ctx().repeats.find(item.villageId, date, films).catch(() => []);
    const e = this.editing;
    if (!e || e.item !== item) return;
    e.repeat.hidden = !found.length;
    e.repeat.replaceChildren(
      h('p', {}, t('plan.programme.repeatWarning', { days: REPEAT_DAYS })),
      h('ul', {}, ...found.map((r) => h('li', {}, t('plan.programme.repeatLine', { title: r.film.title, date: formatDay(wallClock(r.other.startsAt, this.ctx().zone).date, { year: 'numeric', month: 'short', day: 'numeric' }), village: r.other.villageName, team: r.other.teamName, id: r.other.id })))),
      e.reason,
    );
  }

  private closeEditor() {
    this.editing = null;
    this.show();
  }

  private drawMap(byTeam: Map<number, DraftItem[]>) {
    const c = this.ctx();
    if (!this.map) {
      this.map = L.map(byId('draft-map'), { preferCanvas: true, zoomSnap: 0.5, attributionControl: false });
      addBaseMap(this.map, c.baseMap);
      this.routes.addTo(this.map);
    }
    this.routes.clearLayers();
    byId('draft-map').dataset.routes = String(byTeam.size);
    byId('draft-map').dataset.colours = [...byTeam.keys()].map((id) => colour(this.teamIndex(id))).join(' ');
    for (const [teamId, items] of byTeam) {
      const team = c.teams.find((tm) => tm.id === teamId);
      const { color: col, dashArray } = routeStyle(this.teamIndex(teamId));
      const base = team?.baseVillageId ? c.villages.get(team.baseVillageId) : undefined;
      const points = items.map((i) => c.villages.get(i.villageId)).filter((v): v is Village => !!v);
      const path = (base ? [base, ...points] : points).map((v) => L.latLng(v.lat, v.lng));
      L.polyline(path, { color: col, weight: 3, opacity: 0.85, dashArray }).addTo(this.routes);
      for (const v of points) {
        L.circleMarker([v.lat, v.lng], { radius: 5, color: '#fff', weight: 1, fillColor: col, fillOpacity: 1 })
          .bindTooltip(`${v.name} · ${team?.name ?? ''}`)
          .addTo(this.routes);
      }
      if (base) {
        L.circleMarker([base.lat, base.lng], { radius: 8, color: col, weight: 3, fillColor: '#fff', fillOpacity: 1 })
          .bindTooltip(`${team?.name ?? ''}: ${base.name}`)
          .addTo(this.routes);
      }
    }
    // The dialog has just been laid out: let Leaflet measure it before fitting.
    requestAnimationFrame(() => {
      this.map!.invalidateSize();
      const b = this.routes.getBounds();
      if (b.isValid()) this.map!.fitBounds(b, { padding: [16, 16], maxZoom: 13 });
      else this.map!.setView([24.1, 102.75], 10);
    });
  }

  private discard() {
    this.draft = null;
    this.editing = null;
    this.result.hidden = true;
    this.onDraft(null);
    this.dialog.close();
  }

  private async accept() {
    const d = this.draft;
    if (!d || this.busy) return;
    this.busy = true;
    this.acceptButton.disabled = true;
    this.acceptButton.textContent = t('draft.accepting');
    try {
      const answer = await planApi.accept(d.month, d.items);
      this.draft = null;
      this.editing = null;
      this.ctx().repeats.forget();
      this.result.hidden = true;
      this.dialog.close();
      this.onDraft(null);
      this.onAccepted(t('draft.accepted', { count: answer.created.length }));
    } catch (err) {
      this.fail(err);
      this.acceptButton.disabled = false;
      this.acceptButton.textContent = t('draft.accept', { count: d.items.length });
    } finally {
      this.busy = false;
    }
  }

  private fail(err: unknown) {
    let text: string;
    let action: HTMLButtonElement | null = null;
    const repeat = err instanceof Problem && err.status === 409 ? (err.body.errors ?? []).find((e) => /^(items\.\d+\.)?programme/.test(e.path)) : undefined;
    if (repeat) {
      // A repeat in one of the programmes: the draft stays; the partner changes it or gives a reason.
      text = t('plan.programme.draftRepeat', { detail: (err as Problem).body.detail ?? repeat.message });
      const n = /^items\.(\d+)\./.exec(repeat.path);
      const item = n ? this.draft?.items[Number(n[1])] : undefined;
      if (item) {
        action = h('button', { type: 'button' }, t('plan.programme.change'));
        action.addEventListener('click', () => this.edit(item));
      }
    } else if (err instanceof Problem && err.status === 409 && err.body.type?.endsWith('/period-locked')) {
      // Issue 22 sign-off: the month was signed off and locked meanwhile; nothing of it was stored.
      text = t('plan.locked.refused', { detail: err.body.detail ?? '' });
    } else if (err instanceof Problem && err.status === 409) {
      text = t('draft.changed');
      action = h('button', { type: 'button' }, t('draft.remake'));
      action.addEventListener('click', () => void this.makeDraft());
    } else if (err instanceof Problem && err.status === 400) {
      text = `${t('error.invalid')} ${(err.body.errors ?? []).map((e) => `${e.path}: ${e.message}`).join('; ') || (err.body.detail ?? '')}`;
    } else if (err instanceof Problem) {
      text = err.status === 404 || err.status >= 500 ? t('draft.unavailable', { status: err.status }) : t('error.other', { status: err.status, detail: err.body.detail ?? '' });
    } else {
      text = t('error.network');
    }
    this.error.replaceChildren(h('p', {}, text), action ?? '');
    this.error.hidden = false;
  }
}

/** A team's colour: never a status colour, so no route reads as gaps (shared/colours.ts). */
const colour = (i: number) => routeStyle(i).color;
