// A team's month on paper: date, village, township, the programme (its titles in order), contact and an empty column where the
// village cadre signs that the screening took place. /runsheet?teamId=&month=; print with the
// browser (the print stylesheet drops the page's controls). Each row carries the screening's
// villagers' confirmation QR code, to put up at the screening.
import { compareNames } from '../../domain/collate.js';
import { currentMonth, isMonth, wallClock } from '../../domain/months.js';
import type { ScreeningStatus } from '../../domain/status.js';
import { formatDay, formatMonth, t, translate } from './i18n/index.js';
import { api, type ProgrammeFilm, type Team } from './shared/api.js';
import { confirmationUrls } from './shared/confirmations.js';
import { byId, elements, h } from './shared/dom.js';
import { startPage } from './shared/header.js';
import { programmeTitles } from './shared/programme.js';
import { get, Problem, query } from './shared/http.js';
import { qrSvg } from './shared/qr.js';
import { isLocked } from './shared/period-lock.js';

interface RunsheetRow {
  id: number;
  startsAt: string;
  villageName: string;
  townshipName: string | null;
  filmTitle: string | null;
  films?: ProgrammeFilm[];
  contact: string | null;
  status: ScreeningStatus;
  /** Its county-month is signed off: villagers' confirmations are refused, so no QR code. */
  locked?: boolean;
}

const runsheet = (teamId: number, month: string) => get<{ team: Team; month: string; rows: RunsheetRow[] }>(`/api/plans/runsheet?${query({ teamId, month })}`);

const page = await startPage('runsheet', () => render());
const zone = page.config.timezone;

const el = elements({
  team: 'select#team',
  month: 'input#month',
  title: 'sheet-title',
  phone: 'sheet-phone',
  note: 'sheet-note',
  table: 'table#sheet',
  footer: 'sheet-footer',
});

const q = new URLSearchParams(location.search);
let month = isMonth(q.get('month')) ? q.get('month')! : currentMonth(zone);
let teamId: number | null = Number(q.get('teamId')) || null;
let teams: Team[] = [];
let sheet: { team: Team; rows: RunsheetRow[]; fallback: boolean } | null = null;
/** The confirmation link of each row's screening, once fetched. */
let links = new Map<number, string>();

async function load() {
  sheet = null;
  document.body.dataset.state = 'loading';
  if (teamId) {
    const team = teamId;
    try {
      const r = await runsheet(team, month);
      sheet = { team: r.team, rows: r.rows, fallback: false };
    } catch (err) {
      if (!(err instanceof Problem) || err.status !== 404) throw err;
      // Without the run sheet route, the screenings list says all but the contact.
      const [list, villages] = await Promise.all([api.screenings({ month, teamId: team }), api.villages()]);
      const township = new Map(villages.map((v) => [v.id, v.townshipName]));
      sheet = {
        team: teams.find((tm) => tm.id === team) ?? (await api.team(team)),
        rows: list.map((s) => ({ id: s.id, startsAt: s.startsAt, villageName: s.villageName, townshipName: township.get(s.villageId) ?? null, filmTitle: s.filmTitle, films: s.films, contact: null, status: s.status, locked: isLocked(s) })),
        fallback: true,
      };
    }
    if (team !== teamId) return;
    if (sheet && !sheet.fallback) sheet.rows = await withLocks(sheet.rows, team);
    if (team !== teamId) return;
  }
  render();
  if (sheet) {
    const shown = sheet;
    links = await confirmationUrls(shown.rows.filter((r) => r.status !== 'cancelled' && !isLocked(r)).map((r) => r.id));
    if (sheet !== shown) return;
    render();
  }
  document.body.dataset.state = 'ready';
}

/**
 * Which rows lie in a signed-off month: only an ended month can be (this one never is), and the
 * run sheet's rows do not say, so the team's screenings of the month (which carry `locked`) are asked.
 */
async function withLocks(rows: RunsheetRow[], team: number): Promise<RunsheetRow[]> {
  if (month >= currentMonth(zone)) return rows;
  try {
    const locked = new Set((await api.screenings({ month, teamId: team })).filter(isLocked).map((s) => s.id));
    return rows.map((r) => ({ ...r, locked: locked.has(r.id) }));
  } catch (err) {
    console.error(err); // the sheet still prints; a villager's confirmation of a locked month is thanked on its page
    return rows;
  }
}

function render() {
  translate();
  page.links({ month, teamId });
  el.month.value = month;
  el.team.replaceChildren(h('option', { value: '', disabled: true }, t('report.teamPick')), ...teams.map((tm) => h('option', { value: tm.id }, tm.name)));
  el.team.value = teamId ? String(teamId) : '';
  const name = sheet?.team.name ?? '';
  document.title = sheet ? t('runsheet.heading', { team: name, month: formatMonth(month) }) : `${t('runsheet.title')} · ${t('app.title')}`;
  el.title.textContent = sheet ? t('runsheet.heading', { team: name, month: formatMonth(month) }) : t('runsheet.title');
  el.phone.textContent = sheet?.team.phone ? t('runsheet.phone', { phone: sheet.team.phone }) : '';
  const anyLocked = Boolean(sheet?.rows.some(isLocked));
  el.note.hidden = !sheet?.fallback && !anyLocked;
  el.note.textContent = [sheet?.fallback ? t('runsheet.noPlanApi') : '', anyLocked ? t('runsheet.lockedNote', { month: formatMonth(month) }) : ''].filter(Boolean).join(' ');
  el.note.dataset.locked = String(anyLocked);
  if (!sheet) {
    el.table.replaceChildren();
    el.footer.textContent = teamId ? '' : t('runsheet.pickTeam');
    return;
  }
  const rows = [...sheet.rows].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  el.table.replaceChildren(
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, '#'),
        h('th', { scope: 'col' }, t('runsheet.date')),
        h('th', { scope: 'col' }, t('runsheet.time')),
        h('th', { scope: 'col' }, t('runsheet.village')),
        h('th', { scope: 'col' }, t('runsheet.township')),
        h('th', { scope: 'col' }, t('runsheet.film')),
        h('th', { scope: 'col' }, t('runsheet.contact')),
        h('th', { scope: 'col', class: 'sign' }, t('runsheet.sign')),
        h('th', { scope: 'col', class: 'qr-cell' }, t('runsheet.qr'), h('small', {}, t('runsheet.qrHint'))),
      ),
    ),
    h(
      'tbody',
      {},
      ...(rows.length
        ? rows.map((r, i) => {
            const at = wallClock(r.startsAt, zone);
            return h(
              'tr',
              { class: r.status === 'cancelled' ? 'cancelled' : undefined, title: r.status === 'cancelled' ? t('screening.cancelled') : undefined },
              h('td', { class: 'num' }, String(i + 1)),
              h('td', { class: 'num' }, formatDay(at.date)),
              h('td', { class: 'num' }, at.time),
              h('td', {}, r.villageName),
              h('td', {}, r.townshipName ?? ''),
              h('td', { class: 'programme' }, programmeTitles(r)),
              h('td', { class: 'num' }, r.contact ?? ''),
              h('td', { class: 'sign' }),
              isLocked(r)
                ? h('td', { class: 'qr-cell locked', 'data-id': r.id, 'data-locked': 'true' }, t('runsheet.locked'))
                : h('td', { class: 'qr-cell', 'data-id': r.id }, links.has(r.id) ? qrSvg(links.get(r.id)!, `${t('runsheet.qr')} · ${r.villageName}`) : ''),
            );
          })
        : [h('tr', {}, h('td', { colspan: 9, class: 'empty' }, t('runsheet.none')))]),
    ),
  );
  el.footer.textContent = t('runsheet.footer', { count: rows.filter((r) => r.status !== 'cancelled').length });
}

function navigate() {
  const url = new URL(location.href);
  url.searchParams.set('month', month);
  if (teamId) url.searchParams.set('teamId', String(teamId));
  history.replaceState(null, '', url);
  void load();
}

el.team.addEventListener('change', () => {
  teamId = Number(el.team.value) || null;
  navigate();
});
el.month.addEventListener('change', () => {
  if (!isMonth(el.month.value)) return;
  month = el.month.value;
  navigate();
});
byId('print').addEventListener('click', () => print());

teams = (await api.teams()).sort((a, b) => compareNames(a.name, b.name));
if (!teamId && teams.length === 1) teamId = teams[0]!.id;
render();
await load();
