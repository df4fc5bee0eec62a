// The field report, served at /report: the projectionist's phone page. The team's screenings, each
// with its programme (the films to show, in order, with category and minutes: ./shared/programme.ts),
// in the order of what needs doing (./field/sections.ts): those of this month and last that started
// and were never reported (未回报, last night's first), tonight's, the coming week's, the reported
// ones still missing evidence, those the bureau rejected (with its reason), the rest of yesterday;
// one tap to report each as done (with the audience) or not shown (with a reason). Reports go through the outbox (./field/outbox.ts), so one made in a valley
// without signal is kept on the phone and sent when the signal returns; the two months' list is
// kept too, for the next visit without signal. A report of "done" takes the phone's position and
// up to three photos as evidence (./field/evidence.ts: through the same outbox, after the
// report); a completed screening shows what the bureau's checks made of it and takes missing
// evidence; each screening shows its villagers' QR code full-screen. Every answer of the server (a
// report's, or the screening read again once its fix or photos are in) replaces the page's copy at
// once, so a card shows what the server now says. A projectionist's account (DOMAIN.md) opens on
// its one team: no team picker, no team routes, no run sheet. The page is an installable app whose
// service worker (/sw.js, web/src/sw/worker.ts) opens it without signal after one visit.
import { compareNames } from '../../domain/collate.js';
import { addDays, shiftMonth, today, wallClock } from '../../domain/months.js';
import { calendarLink, teamScreenings } from './field/api.js';
import { EvidenceOutbox } from './field/evidence.js';
import { DEFAULT_FIX_WINDOW, fixHelps, type PhotoProblem } from './field/evidence-rules.js';
import { ACCEPT, evidenceBlock, failedReason, showQr, type WithVerification } from './field/evidence-view.js';
import { LOCKED_REASON, refusedAsLocked } from './field/outbox.js';
import { confirmationLink, keepLinks } from './field/links.js';
import { ReportOutbox, type Change, type Report } from './field/reports.js';
import type { MapVillage } from './field/map.js';
import { place } from './field/sections.js';
import { formatDay, formatMonth, statusLabel, t, translate } from './i18n/index.js';
import { api, shownStatus, type Screening, type Team } from './shared/api.js';
import { byId, elements, h } from './shared/dom.js';
import { programmeList } from './shared/programme.js';
import { startPage } from './shared/header.js';
import { Problem } from './shared/http.js';
import { isLocked } from './shared/period-lock.js';

const TEAM_KEY = 'film2131.report.team';
const CACHE_KEY = (teamId: number) => `film2131.report.cache.${teamId}`;

// Registered first: a phone that opened the page once starts it again without signal.
const worker = 'serviceWorker' in navigator ? navigator.serviceWorker : null;
const controlled = Boolean(worker?.controller);
/** When a first visit's worker takes the page (it may be while the page still loads). */
const takenOver = worker && !controlled ? new Promise<void>((resolve) => worker.addEventListener('controllerchange', () => resolve(), { once: true })) : null;
void worker?.register('/sw.js', { scope: '/report' }).catch((err: unknown) => console.error(err));

const page = await startPage('report', () => render());
const zone = page.config.timezone;
const fixWindow = page.config.fixWindow ?? DEFAULT_FIX_WINDOW;
/** A projectionist works its one team (DOMAIN.md): the page asks for no team and no team route. */
const ownTeam = page.user.role === 'projectionist' ? page.user.teamId : null;
const projectionist = page.user.role === 'projectionist';

const el = elements({
  team: 'select#team',
  teamField: 'team-field',
  teamName: 'team-name',
  connection: 'connection',
  pending: 'pending',
  pendingText: 'pending-text',
  loadNote: 'load-note',
  todayTitle: 'today-title',
  today: 'today',
  upcoming: 'upcoming',
  yesterdaySection: 'yesterday-section',
  yesterdayTitle: 'yesterday-title',
  yesterday: 'yesterday',
  unreportedTitle: 'unreported-title',
  unreported: 'unreported',
  needsTitle: 'needs-title',
  needs: 'needs-evidence',
  rejectedSection: 'rejected-section',
  rejectedTitle: 'rejected-title',
  rejected: 'rejected',
  mapSection: 'map-section',
  map: 'field-map',
  links: 'team-links',
  runsheet: 'a#runsheet-link',
  calendar: 'a#calendar-link',
});

let teams: Team[] = [];
let teamId: number | null = null;
let screenings: WithVerification[] = [];
/** The card whose form is open: which screening and which answer. */
let opened: { id: number; kind: 'done' | 'cancel' } | null = null;
let openedForm: HTMLElement | null = null;
/** A card just reported: once its answer moves it to another section, the page scrolls to it there. */
let follow: { id: number; list: string } | null = null;
/** When the page last heard the server's word on a screening (an answer, or its evidence taken). */
const heard = new Map<number, number>();

/** The server's copy of one screening, at once: a list fetched before it may not overwrite it. */
function take(s: WithVerification) {
  heard.set(s.id, Date.now());
  const i = screenings.findIndex((x) => x.id === s.id);
  if (i >= 0) screenings[i] = s;
  else screenings.push(s);
}

/** The screening read again: its fix or photos are in, so its verification has changed. */
const reading = new Map<number, Promise<void>>();
function readAgain(id: number) {
  heard.set(id, Date.now());
  const before = reading.get(id) ?? Promise.resolve();
  const next = before.then(async () => {
    try {
      take(await api.screening(id, { keepPage: true }));
      render();
    } catch (err) {
      if (!(err instanceof Problem)) console.error(err); // read on the next load
    }
  });
  reading.set(id, next);
}

const outbox = new ReportOutbox(
  (sent) => {
    render();
    if (!sent) return;
    void load(); // the stored versions changed: fetch them, quietly
    void evidence.flush(); // a screening's evidence goes once its report is there
  },
  take,
);
/** Fixes and photos: sent after their screening's report, with retry. */
const evidence = new EvidenceOutbox(
  (id) => outbox.waiting().some((r) => r.screeningId === id),
  () => render(),
  readAgain,
);
/** What the last pick of photos for a screening refused, said on its card. */
const refused = new Map<number, PhotoProblem[]>();

function remembered(): number | null {
  const fromUrl = Number(new URLSearchParams(location.search).get('teamId'));
  if (fromUrl) return fromUrl;
  try {
    return Number(localStorage.getItem(TEAM_KEY)) || null;
  } catch {
    return null;
  }
}

async function load() {
  if (!teamId) {
    render();
    document.body.dataset.state = 'ready';
    return;
  }
  const team = teamId;
  // This month and last: today's, yesterday's (the 1st's yesterday is last month's) and the unreported.
  const day = today(zone);
  const month = day.slice(0, 7);
  const months = [month, shiftMonth(month, -1)];
  // The coming week may reach into next month.
  if (addDays(day, 7).slice(0, 7) !== month) months.push(shiftMonth(month, 1));
  const asked = Date.now();
  try {
    const lists = await Promise.all(months.map((month) => teamScreenings({ month, teamId: team })));
    if (team !== teamId) return;
    // A screening the page heard of since it asked keeps that newer word.
    const newer = new Map(screenings.filter((s) => (heard.get(s.id) ?? 0) > asked).map((s) => [s.id, s]));
    screenings = lists.flatMap((l) => l.items).map((s) => newer.get(s.id) ?? s);
    // Without signal the service worker answers with the list it kept: said as with the page's own copy.
    el.loadNote.hidden = !lists.some((l) => l.kept);
    void keepLinks(coming(screenings).map((s) => s.id));
    try {
      localStorage.setItem(CACHE_KEY(team), JSON.stringify(screenings));
    } catch {
      // A full storage only costs the offline copy.
    }
  } catch (err) {
    console.error(err);
    if (team !== teamId) return;
    // Offline: the last list this phone saw, so a report can still be made.
    try {
      screenings = JSON.parse(localStorage.getItem(CACHE_KEY(team)) ?? '[]') as WithVerification[];
    } catch {
      screenings = [];
    }
    el.loadNote.hidden = false;
  }
  render();
  document.body.dataset.state = 'ready';
}

function render() {
  translate();
  page.links({ month: today(zone).slice(0, 7), teamId });
  el.teamField.hidden = projectionist;
  el.links.hidden = projectionist;
  el.teamName.hidden = !projectionist;
  // A projectionist's team is named by its screenings (no team route is open to it).
  const named = screenings.find((s) => s.teamId === teamId)?.teamName;
  el.teamName.textContent = named ? t('field.team', { team: named }) : '';
  if (!projectionist) {
    el.team.replaceChildren(
      h('option', { value: '', disabled: true }, t('report.teamPick')),
      ...teams.map((tm) => h('option', { value: tm.id }, tm.name)),
    );
    el.team.value = teamId ? String(teamId) : '';
  }
  el.connection.textContent = navigator.onLine ? '' : t('report.offline');
  el.connection.classList.toggle('offline', !navigator.onLine);
  const waiting = outbox.waiting().length;
  const evidenceWaiting = evidence.waiting().length;
  el.pending.hidden = waiting + evidenceWaiting === 0;
  el.pendingText.textContent = [
    waiting ? t('report.pendingCount', { count: waiting }) : '',
    evidenceWaiting ? t('field.evidence.pendingCount', { count: evidenceWaiting }) : '',
  ].filter(Boolean).join(' · ');
  showLockedRefusals();
  el.runsheet.href = `/runsheet?${new URLSearchParams({ month: today(zone).slice(0, 7), ...(teamId ? { teamId: String(teamId) } : {}) })}`;

  const day = today(zone);
  el.todayTitle.textContent = t('report.today', { date: formatDay(day) });
  el.yesterdayTitle.textContent = t('report.yesterday', { date: formatDay(addDays(day, -1)) });
  // Each screening in one section, as the phone knows it now: the server's copy with this phone's report over it.
  const shown = teamId ? screenings.map((s) => effective(s, outbox.latest(s.id))) : [];
  const at = place(shown, { today: day, zone, reportWaiting: (id) => outbox.waiting().some((r) => r.screeningId === id) });
  el.unreportedTitle.textContent = t('report.unreported', { count: at.unreported.filter((s) => s.status === 'scheduled').length });
  fill(el.unreported, at.unreported, 'report.noneUnreported', true);
  fill(el.today, at.today);
  fill(el.upcoming, at.week, 'report.none', true);
  el.needsTitle.textContent = t('field.evidence.needsTitle', { count: at.needs.length });
  fill(el.needs, at.needs, 'field.evidence.needsNone', true);
  el.rejectedTitle.textContent = t('field.rejectedTitle', { count: at.rejected.length });
  el.rejectedSection.hidden = !at.rejected.length;
  fill(el.rejected, at.rejected, 'report.none', true);
  el.yesterdaySection.hidden = !at.yesterday.length;
  fill(el.yesterday, at.yesterday);
  showMap(at);
  followCard();
}

/** The map of the villages of tonight, the week and the reports owed (./field/map.ts), loaded the first time there is one. */
let fieldMap: Promise<import('./field/map.js').FieldMap> | null = null;
function showMap(at: ReturnType<typeof place<WithVerification>>) {
  const owed = new Set(at.unreported.map((s) => s.villageId));
  const villages = new Map<number, MapVillage>();
  for (const s of [...at.today, ...at.week, ...at.unreported]) {
    if (s.status === 'cancelled' || villages.has(s.villageId) || typeof s.villageLat !== 'number') continue;
    villages.set(s.villageId, { id: s.villageId, name: s.villageName, lat: s.villageLat, lng: s.villageLng!, tonight: at.today.includes(s) });
  }
  el.mapSection.hidden = !villages.size;
  if (!villages.size) return;
  fieldMap ??= import('./field/map.js').then((m) => new m.FieldMap(el.map, page.config.baseMap));
  fieldMap.then((m) => m.show([...villages.values()], (id) => owed.has(id))).catch((err: unknown) => console.error(err));
}

// What the server refused because its month is signed off: never sent again (a conflict is final),
// said once at the top, and taken off the phone when the reader says it has read it.
const lockedText = h('span', { id: 'locked-refused-text' });
const lockedOk = h('button', { type: 'button', id: 'locked-refused-ok' });
const lockedNotice = h('div', { id: 'locked-refused', class: 'pending locked-refused', role: 'alert', hidden: true }, lockedText, lockedOk);
el.pending.after(lockedNotice);
const refusedLocked = () => ({ reports: outbox.items.filter(refusedAsLocked), evidence: evidence.items.filter(refusedAsLocked) });
lockedOk.addEventListener('click', async () => {
  const gone = refusedLocked();
  await Promise.all([outbox.forget(gone.reports), evidence.forget(gone.evidence)]);
});

function showLockedRefusals() {
  const { reports, evidence: items } = refusedLocked();
  const all = [...reports, ...items];
  lockedNotice.hidden = !all.length;
  lockedNotice.dataset.count = String(all.length);
  if (!all.length) return;
  const months = [...new Set(all.map((i) => i.reason!.slice(LOCKED_REASON.length)))].sort().map(formatMonth);
  lockedText.textContent = t('field.lockedDropped', { count: all.length, months: months.join(t('text.listSeparator')) });
  lockedOk.textContent = t('field.lockedDroppedOk');
}

/** The card just reported, once the server's answer has moved it to another section: brought into view there. */
function followCard() {
  if (!follow) return;
  const li = document.querySelector<HTMLElement>(`li.card[data-id="${follow.id}"]`);
  const list = li?.closest('ul')?.id;
  const report = outbox.latest(follow.id);
  if (li && list && list !== follow.list) {
    li.scrollIntoView({ block: 'center' });
    follow = null;
  } else if (!report || report.state === 'sent' || report.state === 'failed') follow = null;
}

/** Yesterday's to next week's: the screenings whose QR code may be shown, so their links are kept. */
function coming(list: Screening[]) {
  const day = today(zone);
  const from = addDays(day, -1);
  const to = addDays(day, 7);
  return list.filter((s) => s.status !== 'cancelled' && wallClock(s.startsAt, zone).date >= from && wallClock(s.startsAt, zone).date <= to);
}

type Empty = 'report.none' | 'report.noneUnreported' | 'field.evidence.needsNone';

function fill(list: HTMLElement, items: WithVerification[], none: Empty = 'report.none', withDate = false) {
  list.replaceChildren(...(items.length ? items.map((s) => card(s, withDate)) : [h('li', { class: 'empty' }, teamId ? t(none) : t('runsheet.pickTeam'))]));
}

/** The screening as the phone knows it: the server's copy with this phone's latest report over it. */
function effective(s: WithVerification, r: Report | undefined): WithVerification {
  if (!r || r.state === 'failed') return s;
  return { ...s, status: r.change.status, audience: r.change.status === 'completed' ? r.change.audience : null, cancelReason: r.change.status === 'cancelled' ? r.change.cancelReason : null };
}

function card(server: WithVerification, withDate = false): HTMLElement {
  const report = outbox.latest(server.id);
  const s = effective(server, report);
  const shown = shownStatus(s);
  const at = wallClock(s.startsAt, zone);
  const li = h(
    'li',
    { class: `card s-${shown}`, 'data-id': s.id, 'data-status': s.status },
    h(
      'div',
      { class: 'card-head' },
      withDate ? h('span', { class: 'date' }, formatDay(at.date, { month: 'numeric', day: 'numeric', weekday: 'short' })) : null,
      h('span', { class: 'time' }, at.time),
      h('strong', { class: 'village' }, s.villageName),
      h('span', { class: `badge s-${shown}` }, statusLabel(shown)),
    ),
    programmeList(s),
    s.status === 'completed' && s.audience !== null ? h('p', { class: 'result' }, t('report.audienceShown', { count: s.audience })) : null,
    s.status === 'cancelled' && s.cancelReason ? h('p', { class: 'result' }, s.cancelReason) : null,
  );
  // A signed-off month: the card says so and offers no report, fix, photo or QR code (each would be refused).
  const locked = isLocked(s);
  if (locked) {
    li.dataset.locked = 'true';
    li.append(h('p', { class: 'locked-note', 'data-locked': 'true' }, t('field.locked', { month: formatMonth(at.date.slice(0, 7)) })));
  }
  if (report) li.append(sendState(report));
  if (s.status === 'scheduled' && !locked) li.append(actions(s));
  if (opened?.id !== s.id) {
    const block = evidenceBlock(s, evidence, {
      locate: (kind) => void evidence.locate(s.id, kind),
      photos: (files) => void addPhotos(s.id, files),
      qr: () => showQr(s, confirmationLink(s.id)),
    }, refused.get(s.id), fixWindow);
    if (block) li.append(block);
  }
  return li;
}

function sendState(r: Report) {
  const text =
    r.state === 'sent'
      ? t('report.sent')
      : r.state === 'sending'
        ? t('report.sending')
        : r.state === 'failed'
          ? t('report.failed', { reason: r.reason?.startsWith('stale:') ? t('report.staleOther', { status: t(`screening.${r.reason.slice(6)}` as 'screening.completed') }) : failedReason(r.reason) })
          : r.reason === 'signIn'
            ? `${t('report.waiting')} · ${t('report.signIn')}`
            : t('report.waiting');
  return h('p', { class: `send-state ${r.state}`, 'data-state': r.state, role: 'status' }, text);
}

function actions(s: Screening) {
  const started = new Date(s.startsAt).getTime() <= Date.now();
  if (opened?.id === s.id) {
    // The same form across redraws (a list fetched, an outbox's news): what is typed or picked stays.
    openedForm ??= opened.kind === 'done' ? doneForm(s) : cancelForm(s);
    return openedForm;
  }
  const done = h('button', { type: 'button', class: 'primary big', 'data-action': 'done', disabled: !started }, t('report.done'));
  const cancel = h('button', { type: 'button', class: 'big', 'data-action': 'cancel' }, t('report.cancel'));
  done.addEventListener('click', () => openForm(s.id, 'done'));
  cancel.addEventListener('click', () => openForm(s.id, 'cancel'));
  return h('div', { class: 'card-actions' }, done, cancel, started ? null : h('p', { class: 'hint' }, t('report.notYet')));
}

function openForm(id: number, kind: 'done' | 'cancel') {
  opened = { id, kind };
  openedForm = null;
  render();
  document.querySelector<HTMLInputElement>(`li[data-id="${id}"] input`)?.focus();
}

async function addPhotos(id: number, files: File[]) {
  refused.set(id, await evidence.addPhotos(id, files));
  render();
}

function reportForm(s: Screening, label: string, input: HTMLInputElement, toChange: () => Change | null, extra: Node[] = [], sent: () => void = () => undefined) {
  const form = h(
    'form',
    { class: 'card-form' },
    h('label', {}, h('span', {}, label), input),
    ...extra,
    h('div', { class: 'card-actions' }, h('button', { type: 'submit', class: 'primary big' }, t('report.send')), h('button', { type: 'button', class: 'big back' }, t('report.back'))),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const change = toChange();
    if (!change) return input.reportValidity();
    opened = null;
    openedForm = null;
    follow = { id: s.id, list: form.closest('ul')?.id ?? '' };
    outbox.add(s, change);
    sent();
  });
  form.querySelector('.back')!.addEventListener('click', () => {
    opened = null;
    openedForm = null;
    render();
  });
  return form;
}

function doneForm(s: Screening) {
  const input = h('input', { type: 'number', name: 'audience', min: 0, max: 1_000_000, step: 1, inputmode: 'numeric', required: true });
  const photos = h('input', { type: 'file', name: 'photos', accept: ACCEPT, capture: 'environment', multiple: true });
  // A position now backs the screening only in the fix window: after it, the report goes without one.
  const locate = fixHelps(s.startsAt, Date.now(), fixWindow).helps;
  const note = locate ? t('field.evidence.fixNote') : t('field.evidence.fixNoteLate', { after: fixWindow.afterHours });
  const extra = [h('label', {}, h('span', {}, t('field.evidence.photoInput')), photos), h('p', { class: 'hint', 'data-hint': locate ? 'fix' : 'fix-late' }, note)];
  // The position first: the photos wait for it, so the server sees the fix before them.
  const evidenceFor = () => {
    if (locate) void evidence.locate(s.id, 'report');
    if (photos.files?.length) void addPhotos(s.id, [...photos.files]);
  };
  return reportForm(s, t('report.audience'), input, () => {
    const n = Number(input.value);
    if (input.value === '' || !Number.isInteger(n) || n < 0) {
      input.setCustomValidity(t('form.needAudience'));
      return null;
    }
    input.setCustomValidity('');
    return { status: 'completed', audience: n };
  }, extra, evidenceFor);
}

function cancelForm(s: Screening) {
  const input = h('input', { type: 'text', name: 'reason', maxlength: 500, required: true, placeholder: t('report.reasonPlaceholder') });
  return reportForm(s, t('report.reason'), input, () => {
    const reason = input.value.trim();
    if (!reason) {
      input.setCustomValidity(t('form.needReason'));
      return null;
    }
    input.setCustomValidity('');
    return { status: 'cancelled', cancelReason: reason };
  });
}

function remember() {
  if (projectionist) return;
  try {
    if (teamId) localStorage.setItem(TEAM_KEY, String(teamId));
  } catch {
    // Not remembered then; the choice still holds for this visit.
  }
}

el.team.addEventListener('change', () => {
  teamId = Number(el.team.value) || null;
  opened = null;
  openedForm = null;
  remember();
  const url = new URL(location.href);
  if (teamId) url.searchParams.set('teamId', String(teamId));
  history.replaceState(null, '', url);
  screenings = [];
  void load();
  void showCalendarLink();
});
byId('retry').addEventListener('click', () => {
  void outbox.flush();
  void evidence.flush();
});
addEventListener('online', () => {
  render();
  void load();
});
addEventListener('offline', () => render());
document.addEventListener('visibilitychange', () => {
  if (document.hidden) return;
  void outbox.flush();
  void evidence.flush();
  void load();
});

async function showCalendarLink() {
  el.calendar.hidden = true;
  if (!teamId || projectionist) return;
  const url = await calendarLink(teamId);
  if (!url) return;
  // webcal: asks the phone to subscribe rather than download once.
  el.calendar.href = url.replace(/^https?:/, 'webcal:');
  el.calendar.hidden = false;
}

if (projectionist) teamId = ownTeam;
else {
  try {
    teams = (await api.teams()).sort((a, b) => compareNames(a.name, b.name));
  } catch (err) {
    if (!(err instanceof Problem)) console.error(err);
  }
  const wanted = remembered();
  teamId = teams.find((tm) => tm.id === wanted)?.id ?? (teams.length === 1 ? teams[0]!.id : null);
  remember();
}
render();
void showCalendarLink();
await load();
void outbox.flush();
void evidence.flush();
if (controlled) document.body.dataset.offline = 'ready';
else {
  // The first visit ran before the worker: read again through it, so it keeps what a start without signal needs.
  void takenOver?.then(async () => {
    try {
      await Promise.all([api.config(), api.session(), projectionist ? null : api.teams(), teamId && !projectionist ? calendarLink(teamId) : null]);
      await load();
      document.body.dataset.offline = 'ready';
    } catch (err) {
      console.error(err);
    }
  });
}
