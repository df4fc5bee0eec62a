// Auto-plan: ask the server for a draft covering the month's gaps, show it as a list and as one
// route a team on a small map (no base map needed: the villages and lines tell it), then store
// all of it in one go (accept) or forget it (discard). Nothing is stored before Accept.
import L from 'leaflet';
import { daysOf, wallClock } from '../../../domain/months.js';
import { formatDay, t, translate } from '../i18n/index.js';
import type { Team, Village } from '../shared/api.js';
import { routeStyle } from '../shared/colours.js';
import { byId, h } from '../shared/dom.js';
import { Problem } from '../shared/http.js';
import { planApi, type Draft, type DraftItem } from './api.js';

export interface DraftContext {
  month: string;
  zone: string;
  teams: Team[];
  villages: Map<number, Village>;
  today: string;
}

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
                this.show();
              });
              return h(
                'li',
                { 'data-village': item.villageId, 'data-team': item.teamId },
                h('span', { class: 'when' }, `${formatDay(at.date, { month: 'numeric', day: 'numeric', weekday: 'short' })} ${at.time}`),
                h('span', { class: 'where' }, v?.name ?? `#${item.villageId}`, h('small', {}, v?.townshipName ?? '')),
                remove,
              );
            }),
          ),
        );
      }),
    );
    this.drawMap(byTeam);
    this.onDraft(d);
  }

  private drawMap(byTeam: Map<number, DraftItem[]>) {
    const c = this.ctx();
    if (!this.map) {
      this.map = L.map(byId('draft-map'), { preferCanvas: true, zoomSnap: 0.5, attributionControl: false });
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
    if (err instanceof Problem && err.status === 409) {
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
