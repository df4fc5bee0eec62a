// The bureau's statements (/statements; DOMAIN.md "Periods and settlement"): a county and a round
// (of the county's payment round: month, quarter or half year), the statements issued for it,
// current and superseded, and the button that issues one (POST /api/statements). A refusal names
// the months not locked yet, each linked to its sign-off on /periods. The choice lives in the URL.
import { currentMonth, shiftMonth } from '../../domain/months.js';
import { paymentRounds, roundOf, type PaymentRound } from '../../domain/periods.js';
import { formatNumber, t, translate, type MessageKey } from './i18n/index.js';
import { elements, h } from './shared/dom.js';
import { startPage } from './shared/header.js';
import { get, Problem, query, request } from './shared/http.js';
import { latestOnly } from './shared/update.js';

interface Area {
  id: number;
  code: string;
  name: string;
}
interface Summary {
  id: number;
  number: string;
  round: string;
  issuedAt: string;
  issuedBy: string | null;
  supersededById: number | null;
  current: boolean;
  totals: { count: number; gross: number; net: number };
}

const page = await startPage('statements', () => render());
const zone = page.config.timezone;
const canIssue = page.user.role === 'admin' || page.user.role === 'bureau';
const el = elements({ county: 'select#county', kind: 'select#kind', round: 'select#round', issue: 'button#issue', rows: 'rows', head: 'head', none: 'none', refused: 'refused', loadError: 'load-error', status: 'issued-status' });

const params = new URLSearchParams(location.search);
let counties: Area[] = [];
let items: Summary[] = [];
let refusedMonths: { month: string; state: string }[] = [];
let saidKey: MessageKey | null = null;
let saidNumber = '';

/** The rounds of a kind, newest first: those of the last 24 months. */
function roundsOf(kind: PaymentRound): string[] {
  const now = currentMonth(zone);
  const out: string[] = [];
  for (let i = 0; i < 24; i++) {
    const r = roundOf(shiftMonth(now, -i), kind);
    if (!out.includes(r)) out.push(r);
  }
  return out;
}

const yuan = (y: number) => y.toFixed(2);

function render() {
  translate();
  el.kind.replaceChildren(...paymentRounds.map((k) => h('option', { value: k }, t(`money.round.${k}` as MessageKey))));
  el.kind.value = params.get('kind') ?? 'quarter';
  const rounds = roundsOf(el.kind.value as PaymentRound);
  el.round.replaceChildren(...rounds.map((r) => h('option', { value: r }, r)));
  el.round.value = rounds.includes(params.get('round') ?? '') ? params.get('round')! : (rounds[1] ?? rounds[0]!);
  el.county.replaceChildren(...counties.map((c) => h('option', { value: String(c.id) }, c.name)));
  if (params.get('countyId')) el.county.value = params.get('countyId')!;
  el.issue.hidden = !canIssue;
  el.issue.textContent = t(items.some((i) => i.current) ? 'statements.reissue' : 'statements.issue');
  const cols: MessageKey[] = ['statements.col.number', 'statements.col.issuedAt', 'statements.col.by', 'statements.col.count', 'statements.col.gross', 'statements.col.net', 'statements.col.state'];
  el.head.replaceChildren(...cols.map((c) => h('th', { scope: 'col' }, t(c))), h('th', {}, ''));
  const numberOf = (id: number | null) => items.find((i) => i.id === id)?.number ?? String(id);
  el.rows.replaceChildren(
    ...items.map((s) =>
      h('tr', { class: s.current ? 'current' : 'superseded' },
        h('td', {}, s.number),
        h('td', {}, s.issuedAt.slice(0, 16).replace('T', ' ')),
        h('td', {}, s.issuedBy ?? ''),
        h('td', { class: 'num' }, formatNumber(s.totals.count)),
        h('td', { class: 'num' }, yuan(s.totals.gross)),
        h('td', { class: 'num' }, yuan(s.totals.net)),
        h('td', {}, s.current ? t('statements.current') : t('statements.superseded', { number: numberOf(s.supersededById) })),
        h('td', {}, h('a', { href: `/statement?id=${s.id}` }, t('statements.open'))),
      ),
    ),
  );
  el.none.hidden = items.length > 0;
  el.none.textContent = t('statements.none');
  el.refused.hidden = refusedMonths.length === 0;
  el.refused.replaceChildren(
    h('p', {}, t('statements.notLocked')),
    h('ul', {}, ...refusedMonths.map((m) => h('li', {}, h('a', { href: `/periods?${query({ month: m.month, areaId: el.county.value })}` }, t('statements.toPeriods', { month: m.month })), ` (${m.state})`))),
  );
  el.status.textContent = saidKey ? t(saidKey, { number: saidNumber }) : '';
}

/** The statements of the county and round chosen; only the latest choice's answer is drawn. */
const update = latestOnly(
  async (stale) => {
    const countyId = el.county.value;
    if (!countyId) return;
    const res = await get<{ items: Summary[] }>(`/api/statements?${query({ countyId, round: el.round.value, limit: 100 })}`);
    if (stale()) return;
    items = res.items;
    render();
  },
  (err) => {
    el.loadError.hidden = false;
    el.loadError.textContent = err instanceof Problem ? err.message : String(err);
  },
);

function change() {
  params.set('countyId', el.county.value);
  params.set('kind', el.kind.value);
  params.set('round', el.round.value);
  history.replaceState(null, '', `${location.pathname}?${params}`);
  refusedMonths = [];
  saidKey = null;
  el.loadError.hidden = true;
  void update();
}

el.county.addEventListener('change', change);
el.kind.addEventListener('change', () => {
  params.delete('round');
  el.kind.dataset.changed = '1';
  params.set('kind', el.kind.value);
  render();
  change();
});
el.round.addEventListener('change', change);
el.issue.addEventListener('click', () => {
  void (async () => {
    el.issue.disabled = true;
    try {
      const s = await request<Summary>('POST', '/api/statements', { body: { countyId: Number(el.county.value), round: el.round.value } });
      refusedMonths = [];
      saidKey = 'statements.issuedOk';
      saidNumber = s.number;
    } catch (err) {
      if (err instanceof Problem && Array.isArray(err.body.months)) refusedMonths = err.body.months as { month: string; state: string }[];
      else {
        el.loadError.hidden = false;
        el.loadError.textContent = err instanceof Problem ? err.message : String(err);
      }
    }
    el.issue.disabled = false;
    await update();
  })();
});

try {
  counties = (await get<{ items: Area[] }>('/api/areas?level=county&limit=1000')).items;
  // The county's own payment round picks the kind, unless the address names one.
  const first = params.get('countyId') ?? (counties[0] ? String(counties[0].id) : '');
  if (first && !params.get('kind')) {
    const s = await get<{ paymentRound: { value: PaymentRound } }>(`/api/areas/${first}/settings`);
    params.set('kind', s.paymentRound.value);
  }
  render();
  await update();
} catch (err) {
  el.loadError.hidden = false;
  el.loadError.textContent = err instanceof Problem ? err.message : String(err);
  document.body.dataset.state = 'error';
}
