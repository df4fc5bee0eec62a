// The year's targets of an area (DOMAIN.md "Targets"), for a bureau user (inside its area) or the
// admin, beside the programme report: the area's own science and new-film shares in percent (empty:
// it inherits), each with the value in effect and where it comes from (this area, or the area above
// that sets it). Saving PUTs both and asks the report to redraw against them.
import { formatPercent, t } from '../i18n/index.js';
import { h } from '../shared/dom.js';
import { Problem } from '../shared/http.js';
import { targetsApi, type Target, type TargetsAnswer } from './api.js';

type Share = 'scienceShare' | 'newFilmShare';
const SHARES: Share[] = ['scienceShare', 'newFilmShare'];

export interface TargetsForm {
  el: HTMLElement;
  /** The areas it may set (the report's area and its child areas) and the year; keeps the chosen area when it is still offered. */
  set(areas: { id: number; name: string }[], year: number): void;
}

export function targetsForm(saved: () => void): TargetsForm {
  const title = h('h3', { id: 'targets-h' });
  const area = h('select', { id: 'target-area' });
  const areaLabel = h('label', { for: 'target-area' });
  const inputs = {} as Record<Share, HTMLInputElement>;
  const sources = {} as Record<Share, HTMLElement>;
  const labels = {} as Record<Share, HTMLLabelElement>;
  const fields = SHARES.map((s) => {
    const id = s === 'scienceShare' ? 'target-science' : 'target-newfilm';
    inputs[s] = h('input', { id, type: 'number', min: 0, max: 100, step: 1, inputmode: 'numeric' });
    sources[s] = h('small', { id: `${id}-source`, class: 'source' });
    labels[s] = h('label', { for: id });
    return h('div', { class: 'field' }, labels[s], inputs[s], sources[s]);
  });
  const hint = h('p', { class: 'hint' });
  const save = h('button', { type: 'submit', id: 'target-save', class: 'primary' });
  const status = h('p', { id: 'target-status', role: 'status' });
  const form = h('form', { id: 'targets-form', class: 'targets-form', 'aria-labelledby': 'targets-h' }, title, h('div', { class: 'target-fields' }, h('div', { class: 'field' }, areaLabel, area), ...fields, save), hint, status);
  let year = 0;
  let names = new Map<number, string>();
  let asked = 0;

  const source = (x: Target, areaId: number) =>
    x.areaId === null ? t('reports.targets.none') : t('reports.targets.inEffect', { value: formatPercent(x.value!), source: x.areaId === areaId ? t('reports.targets.own') : t('reports.targets.inherited', { area: x.areaName ?? String(x.areaId) }) });

  function show(answer: TargetsAnswer) {
    for (const s of SHARES) {
      const x = answer[s];
      inputs[s].value = x.areaId === answer.areaId && x.value !== null ? String(Math.round(x.value * 1000) / 10) : '';
      sources[s].textContent = source(x, answer.areaId);
    }
  }

  async function load() {
    const id = Number(area.value);
    if (!id) return;
    const mine = ++asked;
    const answer = await targetsApi.get(id, year);
    if (mine === asked) show(answer);
  }

  function text() {
    title.textContent = t('reports.targets.title', { year });
    areaLabel.textContent = t('reports.targets.area');
    labels.scienceShare.textContent = t('reports.targets.science');
    labels.newFilmShare.textContent = t('reports.targets.newFilm');
    hint.textContent = t('reports.targets.hint');
    save.textContent = t('reports.targets.save');
  }

  area.addEventListener('change', () => {
    status.textContent = '';
    void load();
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void (async () => {
      const id = Number(area.value);
      const value = (s: Share) => (inputs[s].value.trim() === '' ? null : Number(inputs[s].value) / 100);
      save.disabled = true;
      status.textContent = t('reports.targets.saving');
      try {
        show(await targetsApi.put(id, year, { scienceShare: value('scienceShare'), newFilmShare: value('newFilmShare') }));
        status.textContent = t('reports.targets.saved', { area: names.get(id) ?? '', year });
        saved();
      } catch (err) {
        const detail = err instanceof Problem ? (err.body.errors?.map((x) => x.message).join(' ') || err.message) : String(err);
        status.textContent = t('reports.targets.failed', { detail });
      } finally {
        save.disabled = false;
      }
    })();
  });

  return {
    el: form,
    set(areas, nextYear) {
      const keep = area.value;
      const changed = nextYear !== year || areas.map((a) => a.id).join() !== [...names.keys()].join();
      year = nextYear;
      names = new Map(areas.map((a) => [a.id, a.name]));
      text();
      form.hidden = !areas.length;
      if (!changed) return;
      area.replaceChildren(...areas.map((a) => h('option', { value: a.id }, a.name)));
      if (names.has(Number(keep))) area.value = keep;
      void load();
    },
  };
}
