// The money settings of an area (DOMAIN.md "Periods and settlement", "Money"): the subsidy per
// paid screening, the four budget levels' cost shares, the film fee per film, the annual plan per
// unit and the payment round — each inherited downward on its own (server/money/settings.ts).
// The section shows, for the chosen area, each setting's effective value and where it comes from
// (this area, an area above, or the default), and saves the area's own: a field left empty
// clears the area's own (it inherits again). Admin, and a bureau inside its area.
import { costShareKeys, paymentRounds, type CostShares } from '../../../domain/periods.js';
import { t, type MessageKey } from '../i18n/index.js';
import { areaPicker } from '../shared/area-picker.js';
import { byId, h } from '../shared/dom.js';
import { get, Problem, request } from '../shared/http.js';
import { statusLine } from '../shared/status-line.js';
import type { SetupContext } from './state.js';

interface Inherited<T> {
  value: T;
  areaId: number | null;
  areaName: string | null;
}
interface MoneySettings {
  areaId: number;
  subsidyPerScreening: Inherited<number>;
  costShares: Inherited<CostShares>;
  filmFeePerFilm: Inherited<number>;
  annualPlanPerUnit: Inherited<number>;
  paymentRound: Inherited<string>;
}
type Key = 'subsidyPerScreening' | 'costShares' | 'filmFeePerFilm' | 'annualPlanPerUnit' | 'paymentRound';
const keys: Key[] = ['subsidyPerScreening', 'costShares', 'filmFeePerFilm', 'annualPlanPerUnit', 'paymentRound'];

/** The section's elements, built once into #money. */
function moneyForm() {
  const root = byId('money');
  const select = h('select', { id: 'money-area' });
  const filter = h('input', { type: 'search', id: 'money-area-filter', class: 'area-filter', autocomplete: 'off', hidden: true });
  const title = h('h2', { id: 'money-title' });
  const intro = h('p', { class: 'hint' });
  const areaLabel = h('label', { for: 'money-area' });
  const form = h('form', { id: 'money-form', class: 'setup-form', novalidate: true });
  const statusEl = h('p', { id: 'money-status', class: 'status-line', role: 'status' });
  const save = h('button', { type: 'submit', class: 'primary', id: 'money-save' });
  const inputs = {
    subsidyPerScreening: h('input', { id: 'money-subsidy', type: 'number', min: 0, step: '0.01', inputmode: 'decimal' }),
    filmFeePerFilm: h('input', { id: 'money-film-fee', type: 'number', min: 0, step: '0.01', inputmode: 'decimal' }),
    annualPlanPerUnit: h('input', { id: 'money-plan', type: 'number', min: 1, max: 366, step: '1', inputmode: 'numeric' }),
    paymentRound: h('select', { id: 'money-round' }),
  };
  const shares = Object.fromEntries(costShareKeys.map((k) => [k, h('input', { id: `money-share-${k}`, type: 'number', min: 0, max: 1, step: 'any', inputmode: 'decimal', class: 'share' })])) as Record<keyof CostShares, HTMLInputElement>;
  const labels = Object.fromEntries(keys.map((k) => [k, h('label', { for: k === 'costShares' ? 'money-share-central' : inputs[k as Exclude<Key, 'costShares'>].id })])) as Record<Key, HTMLLabelElement>;
  const shareLabels = Object.fromEntries(costShareKeys.map((k) => [k, h('label', { for: `money-share-${k}`, class: 'share-label' })])) as Record<keyof CostShares, HTMLLabelElement>;
  const sources = Object.fromEntries(keys.map((k) => [k, h('p', { class: 'money-source', id: `money-source-${k}` })])) as unknown as Record<Key, HTMLElement>;
  const field = (k: Key, control: HTMLElement) => h('div', { class: 'field money-field', 'data-path': k }, labels[k], control, sources[k]);
  // The four shares side by side (set through the CSSOM: the page's stylesheet is another section's).
  const cells = costShareKeys.map((k) => h('span', { class: 'share-cell' }, shareLabels[k], shares[k]));
  const sharesRow = h('div', { class: 'shares' }, ...cells);
  Object.assign(sharesRow.style, { display: 'flex', flexWrap: 'wrap', gap: '0.5rem 1rem' });
  for (const c of cells) Object.assign(c.style, { display: 'flex', flexDirection: 'column', width: '8rem' });
  form.append(
    h('div', { class: 'form-row money-row' },
      field('subsidyPerScreening', inputs.subsidyPerScreening),
      field('filmFeePerFilm', inputs.filmFeePerFilm),
      field('annualPlanPerUnit', inputs.annualPlanPerUnit),
      field('paymentRound', inputs.paymentRound)),
    h('div', { class: 'form-row money-row' }, field('costShares', sharesRow)),
    h('div', { class: 'actions' }, save),
  );
  root.append(h('div', { class: 'card-head' }, title), intro, h('div', { class: 'form-row' }, h('div', { class: 'field area-field' }, areaLabel, filter, select)), form, statusEl);
  root.setAttribute('aria-labelledby', 'money-title');
  return { root, select, filter, title, intro, areaLabel, form, statusEl, save, inputs, shares, labels, shareLabels, sources };
}

export function moneySection(ctx: SetupContext) {
  const { root, select, filter, title, intro, areaLabel, form, statusEl, save, inputs, shares, labels, shareLabels, sources } = moneyForm();
  const status = statusLine(statusEl);
  const picker = areaPicker({ select, filter, change: () => void show() });
  let settings: MoneySettings | null = null;
  let started = false;


  function draw() {
    root.hidden = false;
    title.textContent = t('money.title');
    intro.textContent = t('money.intro');
    areaLabel.textContent = t('supervision.area');
    save.textContent = t('money.save');
    for (const k of keys) labels[k].textContent = t(`money.${k}` as MessageKey);
    for (const k of costShareKeys) shareLabels[k].textContent = t(`money.share.${k}` as MessageKey);
    inputs.paymentRound.replaceChildren(h('option', { value: '' }, t('money.inherit')), ...paymentRounds.map((r) => h('option', { value: r }, t(`money.round.${r}` as MessageKey))));
    if (settings) {
      inputs.paymentRound.value = settings.paymentRound.areaId === settings.areaId ? settings.paymentRound.value : '';
      for (const k of keys) {
        const s = settings[k];
        const from = s.areaId === null ? t('money.fromDefault') : s.areaId === settings.areaId ? t('money.fromOwn') : t('money.fromArea', { area: s.areaName ?? '' });
        sources[k].textContent = t('money.effective', { value: valueText(k, s.value), from });
        sources[k].dataset.source = s.areaId === null ? 'default' : s.areaId === settings.areaId ? 'own' : 'inherited';
      }
    }
    picker.render();
    status.redraw();
  }

  const fill = () => fillOwn(settings, inputs, shares);

  async function show() {
    const id = Number(picker.value);
    settings = null;
    if (id) {
      try {
        settings = await get<MoneySettings>(`/api/areas/${id}/settings`);
      } catch (err) {
        status.sayWith(() => (err instanceof Problem ? err.message : String(err)), 'error');
      }
    }
    fill();
    draw();
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void (async () => {
      const id = Number(picker.value);
      if (!id) return;
      const body = bodyOf(inputs, shares);
      for (const el of form.querySelectorAll('[data-path]')) el.removeAttribute('data-invalid');
      try {
        settings = await request<MoneySettings>('PUT', `/api/areas/${id}/settings`, { body });
        status.say('money.saved', {}, 'ok');
        fill();
      } catch (err) {
        if (err instanceof Problem) for (const fe of err.body.errors ?? []) form.querySelector(`[data-path="${fe.path.split('.')[0]}"]`)?.setAttribute('data-invalid', 'true');
        status.sayWith(() => (err instanceof Problem ? `${err.message} ${(err.body.errors ?? []).map((x) => x.message).join(' ')}` : String(err)), 'error');
      }
      draw();
    })();
  });

  return () => {
    if (!started) {
      started = true;
      void picker.load().then(async () => {
        if (ctx.data.county) await picker.set(String(ctx.data.county.id));
        await show();
      });
    }
    draw();
  };
}

/** The PUT's body: every setting, an empty field null (the area's own cleared). */
function bodyOf(inputs: ReturnType<typeof moneyForm>['inputs'], shares: Record<keyof CostShares, HTMLInputElement>) {
  const num = (i: HTMLInputElement) => (i.value.trim() === '' ? null : Number(i.value));
  const anyShare = costShareKeys.some((k) => shares[k].value.trim() !== '');
  return {
    subsidyPerScreening: num(inputs.subsidyPerScreening),
    filmFeePerFilm: num(inputs.filmFeePerFilm),
    annualPlanPerUnit: num(inputs.annualPlanPerUnit),
    paymentRound: inputs.paymentRound.value || null,
    costShares: anyShare ? Object.fromEntries(costShareKeys.map((k) => [k, num(shares[k]) ?? 0])) : null,
  };
}

/** A setting's value as the section says it. */
function valueText(k: Key, v: unknown): string {
  if (k === 'costShares') return costShareKeys.map((s) => `${t(`money.share.${s}` as MessageKey)} ${Math.round((v as CostShares)[s] * 10000) / 100}%`).join(' · ');
  if (k === 'paymentRound') return t(`money.round.${v as string}` as MessageKey);
  if (k === 'annualPlanPerUnit') return String(v);
  return t('money.yuan', { amount: (v as number).toFixed(2) });
}

/** The area's own settings into the fields (empty: inherited). */
function fillOwn(settings: MoneySettings | null, inputs: ReturnType<typeof moneyForm>['inputs'], shares: Record<keyof CostShares, HTMLInputElement>) {
  const own = <K extends Key>(k: K) => (settings && settings[k].areaId === settings.areaId ? settings[k].value : null);
  inputs.subsidyPerScreening.value = own('subsidyPerScreening')?.toString() ?? '';
  inputs.filmFeePerFilm.value = own('filmFeePerFilm')?.toString() ?? '';
  inputs.annualPlanPerUnit.value = own('annualPlanPerUnit')?.toString() ?? '';
  const s = own('costShares');
  for (const k of costShareKeys) shares[k].value = s ? String((s as CostShares)[k]) : '';
}
