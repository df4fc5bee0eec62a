// One screening in a dialog: create, edit, move (another day or team), cancel with a reason,
// mark done with the audience, delete. Nothing the partner typed is dropped on an error: the
// dialog stays open with the fields as they were, and the message says the way out. The programme
// is the picker's (./programme.ts); a repeat of a film in the unit is warned of as the fields
// change (./repeats.ts) and, refused by the server (409 naming `programme`), saved anyway only
// with a reason for repeating.
import { compareNames } from '../../../domain/collate.js';
import { atWallClock, wallClock } from '../../../domain/months.js';
import { slotsClash } from '../../../domain/slot.js';
import { unitOfVillage } from '../../../domain/units.js';
import { formatDay, statusLabel, t, translate } from '../i18n/index.js';
import { api, newKey, shownStatus, type Team, type Village } from '../shared/api.js';
import { byId, h } from '../shared/dom.js';
import { Problem } from '../shared/http.js';
import { REPEAT_DAYS } from '../../../domain/programme.js';
import { planApi, type CatalogueFilm, type PlanScreening, type ProgrammeFilm, type Unit } from './api.js';
import type { Requested } from './requests.js';
import { ProgrammePicker } from './programme.js';
import type { Repeat, RepeatWatch } from './repeats.js';

export interface FormContext {
  zone: string;
  teams: Team[];
  /** The catalogue as loaded with the page: a programme's films by id when an answer carries only ids. */
  film: (id: number) => ProgrammeFilm | undefined;
  units: Unit[];
  villages: Map<number, Village>;
  screenings: PlanScreening[];
  longMinutes: number;
  repeats: RepeatWatch;
  /** The villagers' requests of a village's unit, most requested first (./requests.ts). */
  requested?: (villageId: number) => Requested[];
}

type Saved = (message: string) => void;

export class ScreeningForm {
  private dialog = byId<HTMLDialogElement>('screening-dialog');
  private form = byId<HTMLFormElement>('screening-form');
  private f = {
    title: byId('form-title'),
    status: byId('form-status'),
    village: byId<HTMLSelectElement>('f-village'),
    team: byId<HTMLSelectElement>('f-team'),
    date: byId<HTMLInputElement>('f-date'),
    time: byId<HTMLInputElement>('f-time'),
    repeat: byId('repeat-warning'),
    repeatText: byId('repeat-text'),
    repeatList: byId('repeat-list'),
    repeatReason: byId<HTMLInputElement>('f-repeat-reason'),
    notes: byId<HTMLTextAreaElement>('f-notes'),
    warning: byId('second-warning'),
    warningText: byId('second-text'),
    secondOk: byId<HTMLInputElement>('second-ok'),
    report: byId<HTMLFieldSetElement>('report-box'),
    audience: byId<HTMLInputElement>('f-audience'),
    reason: byId<HTMLInputElement>('f-reason'),
    done: byId<HTMLButtonElement>('mark-done'),
    cancel: byId<HTMLButtonElement>('mark-cancelled'),
    reopen: byId<HTMLButtonElement>('reopen'),
    error: byId('form-error'),
    del: byId<HTMLButtonElement>('delete'),
    save: byId<HTMLButtonElement>('form-save'),
    locked: byId('form-locked'),
  };
  private editing: PlanScreening | null = null;
  private picker: ProgrammePicker;
  /** What the server said of a repeat on the last save (its detail names the other screening). */
  private refused: string | null = null;
  private repeatCheck = 0;
  /** One key per new screening the dialog is about: a retried Save after a lost answer creates it once. */
  private createKey = newKey();
  private busy = false;

  constructor(
    private ctx: () => FormContext,
    private saved: Saved,
  ) {
    this.picker = new ProgrammePicker({
      id: 'f-programme-picker',
      longMinutes: ctx().longMinutes,
      date: () => this.f.date.value || undefined,
      requested: () => this.ctx().requested?.(Number(this.f.village.value)) ?? [],
      catalogue: (id) => this.ctx().film(id) as CatalogueFilm | undefined,
      onChange: () => {
        if (!this.editing) this.createKey = newKey();
        this.refused = null;
        void this.checkRepeat();
      },
    });
    byId('f-programme').append(this.picker.el);
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.save();
    });
    byId('form-close').addEventListener('click', () => this.dialog.close());
    for (const field of [this.f.village, this.f.date]) {
      field.addEventListener('change', () => {
        this.checkSecond();
        this.refused = null;
        this.picker.refresh();
        void this.checkRepeat();
      });
    }
    this.f.done.addEventListener('click', () => void this.markDone());
    this.f.cancel.addEventListener('click', () => void this.markCancelled());
    this.f.reopen.addEventListener('click', () => void this.send({ status: 'scheduled', audience: null, cancelReason: null }));
    this.f.del.addEventListener('click', () => void this.remove());
    // Typing anywhere changes what will be sent: a new screening gets a new idempotency key.
    this.form.addEventListener('input', () => {
      if (!this.editing) this.createKey = newKey();
    });
  }

  openNew(prefill: { villageId?: number | null; teamId?: number; date?: string; time?: string } = {}) {
    this.editing = null;
    this.createKey = newKey();
    this.fill();
    this.f.village.value = prefill.villageId ? String(prefill.villageId) : '';
    if (prefill.teamId) this.f.team.value = String(prefill.teamId);
    this.f.date.value = prefill.date ?? '';
    this.f.time.value = prefill.time ?? '19:00';
    this.picker.set([]);
    this.f.notes.value = '';
    this.f.repeatReason.value = '';
    this.renderStatus();
    this.show();
  }

  openEdit(s: PlanScreening, move?: { date: string; teamId: number }) {
    this.editing = s;
    this.fill();
    this.load(s);
    if (move) {
      this.f.date.value = move.date;
      this.f.team.value = String(move.teamId);
    }
    this.show();
  }

  private show() {
    this.f.error.hidden = true;
    this.f.secondOk.checked = false;
    this.refused = null;
    this.checkSecond();
    this.showRepeats([]);
    void this.checkRepeat();
    if (!this.dialog.open) this.dialog.showModal();
    if (this.editing?.locked) return byId('form-close').focus();
    (this.f.village.value ? this.f.date.value ? this.f.save : this.f.date : this.f.village).focus();
  }

  /** Option lists from the month's units (gaps first) and teams; the labels in the current language. */
  private fill() {
    const c = this.ctx();
    translate(this.dialog);
    const option = (value: string | number, text: string) => h('option', { value: String(value) }, text);
    const byName = (a: Unit, b: Unit) => compareNames(a.townshipName, b.townshipName) || compareNames(a.name, b.name);
    const label = (u: Pick<Unit, 'name' | 'townshipName'>) => t('text.paren', { text: u.name, note: u.townshipName });
    const gaps = c.units.filter((u) => u.status === 'gap').sort(byName);
    const others = c.units.filter((u) => u.status !== 'gap').sort(byName);
    const extra = this.editing && !c.units.some((u) => u.id === this.editing!.villageId) ? c.villages.get(this.editing.villageId) : undefined;
    this.f.village.replaceChildren(
      option('', t('form.villagePick')),
      h('optgroup', { label: t('form.gapGroup') }, ...gaps.map((u) => option(u.id, label(u)))),
      h('optgroup', { label: t('form.coveredGroup') }, ...others.map((u) => option(u.id, label(u))), extra ? option(extra.id, label(extra)) : null),
    );
    this.f.team.replaceChildren(...c.teams.map((tm) => option(tm.id, tm.name)));
  }

  /** A screening's programme as films (an answer without `films` names only its first film). */
  private programmeOf(s: PlanScreening): ProgrammeFilm[] {
    if (s.films) return s.films;
    const ids = s.programme ?? (s.filmId ? [s.filmId] : []);
    return ids.map((id, i) => this.ctx().film(id) ?? { id, title: i === 0 && s.filmTitle ? s.filmTitle : `#${id}`, category: 'other', minutes: null });
  }

  private load(s: PlanScreening) {
    const c = this.ctx();
    const at = wallClock(s.startsAt, c.zone);
    this.f.title.textContent = t('form.edit', { id: s.id });
    this.f.village.value = String(s.villageId);
    this.f.team.value = String(s.teamId);
    this.f.date.value = at.date;
    this.f.time.value = at.time;
    this.picker.set(this.programmeOf(s));
    this.f.notes.value = s.notes ?? '';
    this.f.repeatReason.value = s.repeatReason ?? '';
    this.f.audience.value = s.audience === null ? '' : String(s.audience);
    this.f.reason.value = s.cancelReason ?? '';
    this.renderStatus();
  }

  private renderStatus() {
    const s = this.editing;
    this.setLocked(!!s?.locked);
    this.f.report.hidden = !s || !!s.locked;
    this.f.del.hidden = !s || s.status === 'completed' || !!s.locked;
    this.f.status.hidden = !s;
    if (!s) {
      this.f.title.textContent = t('form.new');
      return;
    }
    const shown = shownStatus(s);
    this.f.status.textContent = statusLabel(shown);
    this.f.status.className = `badge s-${shown}`;
    this.f.reopen.hidden = s.status === 'scheduled';
  }

  /**
   * Issue 22 sign-off: a screening of a locked month is shown, not offered for a change — every
   * control but Close disabled (and given back when the next one opens), no Save, Delete or report.
   */
  private setLocked(locked: boolean) {
    this.f.locked.hidden = !locked;
    this.form.classList.toggle('locked', locked);
    this.f.locked.textContent = locked ? t('plan.locked.form') : '';
    this.f.save.hidden = locked;
    for (const c of this.form.querySelectorAll<HTMLInputElement | HTMLButtonElement>('input, select, textarea, button')) {
      if (c.id === 'form-close') continue;
      if (locked && !c.disabled) {
        c.disabled = true;
        c.dataset.lockOff = 'true';
      } else if (!locked && c.dataset.lockOff) {
        c.disabled = false;
        delete c.dataset.lockOff;
      }
    }
  }

  /** The unit a village's screenings count for (the plan counts administrative villages). */
  private unitOf(villageId: number) {
    const v = this.ctx().villages.get(villageId);
    return (v && unitOfVillage(v, 'administrative')) ?? villageId;
  }

  private secondOnes(): PlanScreening[] {
    const villageId = Number(this.f.village.value);
    if (!villageId) return [];
    const unit = this.unitOf(villageId);
    const month = this.f.date.value.slice(0, 7);
    const c = this.ctx();
    return c.screenings.filter(
      (s) =>
        s.status !== 'cancelled' &&
        s.id !== this.editing?.id &&
        this.unitOf(s.villageId) === unit &&
        (!month || wallClock(s.startsAt, c.zone).date.startsWith(month)),
    );
  }

  /** DOMAIN: a second screening in a unit in one month is allowed but adds no coverage; say so first. */
  private checkSecond() {
    const others = this.secondOnes();
    // Editing a screening that stays in its village is not a second one.
    const moved = !this.editing || this.unitOf(this.editing.villageId) !== this.unitOf(Number(this.f.village.value));
    const warn = others.length > 0 && moved;
    this.f.warning.hidden = !warn;
    if (!warn) return;
    const c = this.ctx();
    const name = this.f.village.selectedOptions[0]?.textContent ?? '';
    const when = others.map((s) => `${formatDay(wallClock(s.startsAt, c.zone).date, { month: 'numeric', day: 'numeric' })} ${s.teamName}`).join(t('text.listSeparator'));
    this.f.warningText.textContent = t('form.secondWarning', { village: name, count: others.length, when });
  }

  /** DOMAIN: no film again in the unit within 365 days; say which screening showed it, and ask why. */
  private async checkRepeat() {
    const mine = ++this.repeatCheck;
    let found: Repeat[] = [];
    try {
      found = await this.ctx().repeats.find(Number(this.f.village.value), this.f.date.value, this.picker.current(), this.editing?.id);
    } catch (err) {
      console.error(err); // the server's 409 still stops a repeat
    }
    if (mine === this.repeatCheck) this.showRepeats(found);
  }

  private showRepeats(found: Repeat[]) {
    const c = this.ctx();
    const show = found.length > 0 || this.refused !== null;
    this.f.repeat.hidden = !show;
    this.f.repeat.dataset.films = found.map((r) => r.film.id).join(',');
    if (!show) return;
    this.f.repeatText.textContent = t('plan.programme.repeatWarning', { days: REPEAT_DAYS });
    this.f.repeatList.replaceChildren(
      ...found.map(({ film, other }) => {
        const at = wallClock(other.startsAt, c.zone);
        return h(
          'li',
          { 'data-film': film.id, 'data-other': other.id },
          t('plan.programme.repeatLine', { title: film.title, date: formatDay(at.date, { year: 'numeric', month: 'short', day: 'numeric' }), village: other.villageName, team: other.teamName, id: other.id }),
        );
      }),
      ...(this.refused !== null ? [h('li', { class: 'refused' }, t('plan.programme.repeatRefused', { detail: this.refused }))] : []),
    );
  }

  /** A reason for repeating goes with the save only while a repeat is shown. */
  private repeatReason(): string | undefined {
    return this.f.repeat.hidden ? undefined : this.f.repeatReason.value.trim() || undefined;
  }

  private fields() {
    const programme = this.picker.value();
    const same = (a: readonly number[] | undefined) => !!a && a.length === programme.length && a.every((id, i) => id === programme[i]);
    const repeatReason = this.repeatReason();
    return {
      villageId: Number(this.f.village.value),
      teamId: Number(this.f.team.value),
      // An edit sends the programme only when it changed: an unchanged one is not checked again.
      ...(this.editing && same(this.editing.programme ?? (this.editing.filmId ? [this.editing.filmId] : [])) ? {} : { programme }),
      ...(repeatReason ? { repeatReason } : {}),
      startsAt: `${this.f.date.value}T${this.f.time.value}`,
      notes: this.f.notes.value.trim() || null,
    };
  }

  private async save() {
    if (this.busy) return;
    if (!this.f.village.value) return this.problem(t('form.needVillage'), this.f.village);
    if (!this.f.date.value) return this.problem(`${t('form.date')}?`, this.f.date);
    if (!this.f.time.value) return this.problem(`${t('form.time')}?`, this.f.time);
    if (!this.f.warning.hidden && !this.f.secondOk.checked) return this.problem(t('form.needConfirm'), this.f.secondOk);
    if (!this.f.repeat.hidden && !this.repeatReason()) return this.askRepeatReason();
    if (this.editing) return this.send(this.fields());
    await this.run(async () => {
      await planApi.create(this.fields(), this.createKey);
    });
  }

  private async markDone() {
    const audience = Number(this.f.audience.value);
    if (this.f.audience.value === '' || !Number.isInteger(audience) || audience < 0) return this.problem(t('form.needAudience'), this.f.audience);
    if (this.editing && new Date(this.editing.startsAt).getTime() > Date.now()) return this.problem(t('form.doneFuture'), this.f.date);
    await this.send({ status: 'completed', audience, cancelReason: null });
  }

  private async markCancelled() {
    const reason = this.f.reason.value.trim();
    if (!reason) return this.problem(t('form.needReason'), this.f.reason);
    await this.send({ status: 'cancelled', cancelReason: reason, audience: null });
  }

  private async send(change: Record<string, unknown>) {
    const s = this.editing;
    if (!s) return;
    await this.run(() => api.updateScreening(s.id, s.version, change));
  }

  private async remove() {
    const s = this.editing;
    if (!s || !confirm(t('form.confirmDelete'))) return;
    await this.run(() => planApi.remove(s.id, s.version));
  }

  private async run(work: () => Promise<unknown>) {
    this.busy = true;
    this.f.error.hidden = true;
    this.f.save.disabled = true;
    const label = this.f.save.textContent;
    this.f.save.textContent = t('form.saving');
    try {
      await work();
      this.dialog.close();
      this.ctx().repeats.forget();
      this.saved(t('done.saved'));
    } catch (err) {
      this.explain(err);
    } finally {
      this.busy = false;
      this.f.save.disabled = false;
      this.f.save.textContent = label;
    }
  }

  /** A repeat: the way out is a reason for repeating (or another film), then the same save. */
  private askRepeatReason() {
    this.problem(t('plan.programme.needReason'), this.f.repeatReason, {
      label: t('plan.programme.saveAnyway'),
      run: () => (this.repeatReason() ? void this.save() : this.askRepeatReason()),
    });
  }

  private problem(text: string, focus?: HTMLElement, action?: { label: string; run: () => void }) {
    const button = action ? h('button', { type: 'button' }, action.label) : null;
    button?.addEventListener('click', action!.run);
    this.f.error.replaceChildren(h('p', {}, text), button ?? '');
    this.f.error.hidden = false;
    focus?.focus();
  }

  /** Every failure becomes a sentence with the way out; the fields stay as typed. */
  private explain(err: unknown) {
    if (!(err instanceof Problem)) {
      console.error(err);
      return this.problem(t('error.network'));
    }
    const p = err.body;
    if (err.status === 412) {
      return this.problem(t('error.stale'), undefined, { label: t('error.staleAction'), run: () => void this.reload() });
    }
    // Issue 22 sign-off: the month was signed off and locked meanwhile (this page was stale): say so plainly.
    if (err.status === 409 && p.type?.endsWith('/period-locked')) {
      this.problem(t('plan.locked.refused', { detail: p.detail ?? '' }));
      this.saved('');
      return;
    }
    if (err.status === 409 && p.errors?.some((e) => e.path === 'startsAt')) {
      const clash = this.clashing();
      const text = clash
        ? t('error.clash', {
            team: clash.teamName,
            when: `${formatDay(wallClock(clash.startsAt, this.ctx().zone).date)} ${wallClock(clash.startsAt, this.ctx().zone).time}`,
            village: clash.villageName,
          })
        : t('error.clashUnknown', { detail: p.detail ?? '' });
      return this.problem(text, undefined, { label: t('error.clashAction'), run: () => this.f.date.focus() });
    }
    if (err.status === 409 && p.errors?.some((e) => e.path === 'programme' || e.path.startsWith('programme.'))) {
      // A repeat this page could not see (another company's screening, or one stored meanwhile).
      this.refused = p.detail ?? p.errors.find((e) => e.path.startsWith('programme'))?.message ?? '';
      this.ctx().repeats.forget();
      void this.checkRepeat();
      this.showRepeats([]);
      return this.askRepeatReason();
    }
    if (err.status === 409 && this.editing?.status === 'completed') return this.problem(t('error.completedDelete'));
    if (err.status === 409) return this.problem(t('error.conflict', { detail: p.detail ?? p.title ?? '' }));
    if (err.status === 400) {
      this.problem(t('error.invalid'));
      this.f.error.append(h('ul', {}, ...(p.errors ?? [{ path: '', message: p.detail ?? '' }]).map((e) => h('li', {}, `${this.fieldName(e.path)}${e.message}`))));
      return;
    }
    if (err.status === 403) return this.problem(t('error.forbidden'));
    if (err.status === 404) return this.problem(t('error.gone'));
    return this.problem(t('error.other', { status: err.status, detail: p.detail ?? p.title ?? '' }));
  }

  private fieldName(path: string) {
    const field = path.startsWith('programme') ? 'programme' : path;
    const key = {
      villageId: 'form.village', teamId: 'form.team', filmId: 'form.film', programme: 'plan.programme.label', repeatReason: 'plan.programme.repeatReason',
      startsAt: 'form.date', notes: 'form.notes', audience: 'form.audience', cancelReason: 'form.reason',
    }[field] as 'form.village' | undefined;
    return key ? t('text.label', { label: t(key) }) : path ? `${path}: ` : '';
  }

  /** The team's screening the server refused to stack on (DOMAIN.md: one team, one slot). */
  private clashing(): PlanScreening | undefined {
    const { teamId } = this.fields();
    const c = this.ctx();
    const mine = atWallClock(this.f.date.value, this.f.time.value, c.zone).toMillis();
    return c.screenings.find((s) => s.id !== this.editing?.id && s.teamId === teamId && s.status !== 'cancelled' && slotsClash(Date.parse(s.startsAt), mine));
  }

  /** After a 412: the screening as stored now, in the fields, so the partner decides again on fresh facts. */
  private async reload() {
    if (!this.editing) return;
    try {
      const fresh: PlanScreening = await api.screening(this.editing.id);
      this.editing = fresh;
      this.fill();
      this.load(fresh);
      this.checkSecond();
      this.problem(t('error.reloaded'));
      this.saved('');
    } catch (err) {
      this.explain(err);
    }
  }
}
