// One issued statement (/statement?id=N; DOMAIN.md "Periods and settlement") as a Chinese finance
// office files it: A4 portrait, the header (county, round, issued at, statement no., the one it
// supersedes), per partner contract the count, gross, film fees and net, each budget level's
// share, the paid screenings one a line, the unpaid ones apart, what changed from the statement it
// supersedes, and the signature lines (经办人、审核人、财务负责人、单位负责人, 日期, 单位盖章). A
// document: no app header, a toolbar that the print stylesheet drops, CSV and XLSX downloads.
import { costShareKeys } from '../../domain/periods.js';
import { currentLang, initialLang, otherLang, setLang, t, translate, type MessageKey } from './i18n/index.js';
import { elements, h } from './shared/dom.js';
import { get, Problem } from './shared/http.js';

interface Amounts {
  count: number;
  films: number;
  gross: number;
  shares: Record<(typeof costShareKeys)[number], number>;
  filmFees: number;
  net: number;
}
interface Line {
  screeningId: number;
  startsAt: string;
  villageName: string;
  unitName: string;
  townshipName: string;
  teamName: string;
  partnerName: string;
  films: string[];
}
interface Statement {
  id: number;
  number: string;
  countyName: string;
  countyCode: string;
  round: string;
  months: string[];
  issuedAt: string;
  supersedesId: number | null;
  supersededById: number | null;
  current: boolean;
  partial: boolean;
  settings: { subsidyPerScreening: number; filmFeePerFilm: number; costShares: Record<string, number> };
  groups: (Amounts & { contractId: number | null; partnerName: string })[];
  totals: Amounts;
  paid: (Line & { amount: number; filmFees: number })[];
  extra: Line[];
  pending: (Line & { verification: string })[];
  rejected: (Line & { reason: string })[];
  differences: null | {
    added: Line[];
    removed: Line[];
    groups: { partnerName: string; contractId: number | null; before: Amounts | null; after: Amounts | null }[];
    totals: { before: Amounts; after: Amounts } | null;
  };
}

const el = elements({ print: 'button#print', csv: 'a#csv', xlsx: 'a#xlsx', lang: 'button#lang', error: 'error', sheet: 'sheet' });
const id = Number(new URLSearchParams(location.search).get('id'));
let s: Statement | null = null;
let related: Record<number, string> = {};

const yuan = (y: number) => y.toFixed(2);
const time = (iso: string) => iso.slice(0, 16).replace('T', ' ');
const percent = (x: number) => `${Math.round(x * 10000) / 100}%`;
const th = (key: MessageKey, cls = '') => h('th', { scope: 'col', class: cls }, t(key));
const num = (v: string | number) => h('td', { class: 'num' }, String(v));
const table = (head: HTMLElement[], rows: HTMLElement[]) => h('div', { class: 'table-wrap' }, h('table', {}, h('thead', {}, h('tr', {}, ...head)), h('tbody', {}, ...rows)));

function groupsTable(st: Statement) {
  const row = (name: string, contract: string, a: Amounts, cls = '') =>
    h('tr', { class: cls }, h('td', {}, name), h('td', {}, contract), num(a.count), num(a.films), num(yuan(a.gross)), num(yuan(a.filmFees)), num(yuan(a.net)));
  return table(
    [th('statement.partner'), th('statement.contract'), th('statement.count', 'num'), th('statement.films', 'num'), th('statement.gross', 'num'), th('statement.filmFees', 'num'), th('statement.net', 'num')],
    [...st.groups.map((g) => row(g.partnerName, g.contractId === null ? t('statement.noContract') : String(g.contractId), g)), row(t('statement.total'), '', st.totals, 'total')],
  );
}

function sharesTable(st: Statement) {
  return table(
    [th('statement.level'), th('statement.share', 'num'), th('statement.amount', 'num')],
    [
      ...costShareKeys.map((k) => h('tr', {}, h('td', {}, t(`money.share.${k}` as MessageKey)), num(percent(st.settings.costShares[k] ?? 0)), num(yuan(st.totals.shares[k])))),
      h('tr', { class: 'total' }, h('td', {}, t('statement.total')), num('100%'), num(yuan(st.totals.gross))),
    ],
  );
}

function paidTable(st: Statement) {
  return table(
    [th('statement.township'), th('statement.village'), th('statement.date'), th('statement.team'), th('statement.programme'), th('statement.amount', 'num')],
    st.paid.map((p) => h('tr', {}, h('td', {}, p.townshipName), h('td', {}, p.villageName === p.unitName ? p.villageName : `${p.unitName}·${p.villageName}`), h('td', {}, time(p.startsAt)), h('td', {}, p.teamName), h('td', {}, p.films.join(t('text.listSeparator'))), num(yuan(p.amount)))),
  );
}

function apartTable(st: Statement) {
  const row = (p: Line, kind: string, reason: string) => h('tr', {}, h('td', {}, kind), h('td', {}, p.townshipName), h('td', {}, p.villageName), h('td', {}, time(p.startsAt)), h('td', {}, p.teamName), h('td', {}, reason));
  const rows = [
    ...st.pending.map((p) => row(p, t('statement.pending'), t(`state.verification.${p.verification}` as MessageKey))),
    ...st.rejected.map((p) => row(p, t('statement.rejected'), p.reason)),
    ...st.extra.map((p) => row(p, t('statement.extra'), '')),
  ];
  return rows.length ? table([th('statement.kind'), th('statement.township'), th('statement.village'), th('statement.date'), th('statement.team'), th('statement.reason')], rows) : h('p', { class: 'st-note' }, t('statement.empty'));
}

function differences(st: Statement) {
  const d = st.differences!;
  const line = (p: Line, key: MessageKey) => h('tr', {}, h('td', {}, t(key)), h('td', {}, `${p.villageName} ${time(p.startsAt)} ${p.teamName}`), h('td', {}, ''), h('td', {}, ''));
  const money = (label: string, b: Amounts | null, a: Amounts | null) =>
    h('tr', {}, h('td', {}, t('statement.changedGroup')), h('td', {}, label), num(`${b?.count ?? 0} / ${yuan(b?.gross ?? 0)} / ${yuan(b?.net ?? 0)}`), num(`${a?.count ?? 0} / ${yuan(a?.gross ?? 0)} / ${yuan(a?.net ?? 0)}`));
  const rows = [
    ...d.added.map((p) => line(p, 'statement.added')),
    ...d.removed.map((p) => line(p, 'statement.removed')),
    ...d.groups.map((g) => money(`${g.partnerName} ${g.contractId ?? ''}`, g.before, g.after)),
    ...(d.totals ? [money(t('statement.total'), d.totals.before, d.totals.after)] : []),
  ];
  return rows.length ? table([th('statement.kind'), h('th', {}, ''), th('statement.before', 'num'), th('statement.after', 'num')], rows) : h('p', { class: 'st-note' }, t('statement.noDifferences'));
}

function render() {
  translate();
  el.lang.textContent = t('lang.switch');
  el.lang.lang = otherLang();
  document.title = t('statement.title');
  if (!s) return;
  const st = s;
  const field = (key: MessageKey, value: string) => h('div', {}, h('dt', {}, t(key)), h('dd', {}, value));
  const shares = Object.fromEntries(costShareKeys.map((k) => [k, percent(st.settings.costShares[k] ?? 0)]));
  const parts: (HTMLElement | null)[] = [
    h('h1', {}, t('statement.title')),
    h('dl', { class: 'st-head' },
      field('statement.county', t('text.paren', { text: st.countyName, note: st.countyCode })),
      field('statement.round', t('text.paren', { text: st.round, note: st.months.join(t('text.listSeparator')) })),
      field('statement.number', st.number),
      field('statement.issuedAt', time(st.issuedAt)),
      st.supersedesId !== null ? field('statement.supersedes', related[st.supersedesId] ?? String(st.supersedesId)) : null),
    !st.current ? h('p', { class: 'st-warning' }, t('statement.supersededBy', { number: related[st.supersededById!] ?? String(st.supersededById) })) : null,
    st.partial ? h('p', { class: 'st-warning' }, t('statement.partial')) : null,
    h('p', { class: 'st-note' }, t('statement.settings', { rate: yuan(st.settings.subsidyPerScreening), fee: yuan(st.settings.filmFeePerFilm), ...shares })),
    h('h2', {}, t('statement.groups')),
    groupsTable(st),
    h('h2', {}, t('statement.shares')),
    sharesTable(st),
    h('h2', {}, t('statement.paid', { count: st.paid.length })),
    paidTable(st),
    h('h2', {}, t('statement.apart', { count: st.pending.length + st.rejected.length + st.extra.length })),
    apartTable(st),
    st.differences ? h('h2', {}, t('statement.differences', { number: related[st.supersedesId!] ?? String(st.supersedesId) })) : null,
    st.differences ? differences(st) : null,
    h('div', { class: 'signatures' },
      ...(['statement.sign.preparer', 'statement.sign.reviewer', 'statement.sign.finance', 'statement.sign.head', 'statement.sign.date'] as MessageKey[]).map((k) => h('p', {}, t(k))),
      h('p', { class: 'seal' }, t('statement.sign.seal'))),
  ];
  el.sheet.replaceChildren(...parts.filter((p): p is HTMLElement => p !== null));
}

el.print.addEventListener('click', () => window.print());
el.lang.addEventListener('click', () => {
  setLang(otherLang());
  const url = new URL(location.href);
  url.searchParams.set('lang', currentLang());
  history.replaceState(history.state, '', url);
  render();
});

setLang(initialLang());
el.csv.setAttribute('href', `/api/statements/${id}?format=csv`);
el.xlsx.setAttribute('href', `/api/statements/${id}?format=xlsx`);
try {
  s = await get<Statement>(`/api/statements/${id}`);
  // The numbers of the statements it supersedes and is superseded by, for the header.
  for (const other of [s.supersedesId, s.supersededById]) {
    if (other !== null) related[other] = (await get<{ number: string }>(`/api/statements/${other}`).catch(() => ({ number: String(other) }))).number;
  }
  related = { ...related };
  render();
  document.body.dataset.state = 'ready';
} catch (err) {
  if (err instanceof Problem && err.status === 401) location.href = `/login?next=${encodeURIComponent(location.pathname + location.search)}`;
  render();
  el.error.hidden = false;
  el.error.textContent = err instanceof Problem ? err.message : String(err);
  document.body.dataset.state = 'error';
}
