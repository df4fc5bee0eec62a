// The setup page (/setup): what a county needs before its first plan, each section for the roles
// DOMAIN.md lets write it — the county (admin; the bureau reads it), accounts (admin), partner companies and films (admin, bureau),
// projection teams (admin; a partner its own), contracts of partners and counties (admin, bureau).
// Above them, while the county is still empty, the
// first steps. update() reads every list the reader's sections show and redraws them; each form
// ends in it, so the lists show what the server stored.
import { compareNames } from '../../domain/collate.js';
import { translate } from './i18n/index.js';
import { api, type Village } from './shared/api.js';
import { areasById } from './shared/area-picker.js';
import { byId } from './shared/dom.js';
import { firstSteps } from './shared/first-steps.js';
import { startPage } from './shared/header.js';
import { latestOnly, loadFailedText } from './shared/update.js';
import { setupApi } from './setup/api.js';
import { contractsSection } from './setup/contracts.js';
import { countySection } from './setup/county.js';
import { filmsSection } from './setup/films.js';
import { partnersSection } from './setup/partners.js';
import type { SetupContext, SetupData } from './setup/state.js';
import { teamsSection } from './setup/teams.js';
// The supervision phone of an area (villagers' voice).
import { supervisionSection } from './setup/supervision.js';
// issue 22 statements: the money settings of an area.
import { moneySection } from './setup/money.js';
import { usersSection } from './setup/users.js';

const page = await startPage('setup', () => render());
const { role } = page.user;
const shows = { county: role === 'admin' || role === 'bureau', partners: role !== 'partner', teams: role !== 'bureau', films: role !== 'partner', users: role === 'admin' || role === 'partner', contracts: role !== 'partner' };

const data: SetupData = { partners: [], teams: [], films: [], users: [], contracts: [], villages: new Map(), registryEmpty: false, county: null, countyCount: 0 };
const steps = firstSteps(role, (c) => c.villages === 0 || c.teams === 0);
const content = byId('content');
content.prepend(steps.el);

const none = async <T>(): Promise<T[]> => [];

const update = latestOnly(
  async (stale) => {
    const [partners, teams, films, users, contracts, counts, county, countyCount] = await Promise.all([
      setupApi.partners(), // a partner reads its own company
      shows.teams || shows.partners ? api.teams() : none<never>(),
      shows.films ? api.films() : none<never>(),
      shows.users ? setupApi.users() : none<never>(),
      shows.contracts ? setupApi.contracts() : none<never>(),
      steps.refresh(),
      shows.county || shows.contracts ? setupApi.county() : null,
      shows.county || shows.contracts ? setupApi.countyCount() : 0,
    ]);
    const bases = [...new Set(teams.flatMap((tm) => (tm.baseVillageId ? [tm.baseVillageId] : [])))];
    const [villages, areas] = await Promise.all([
      Promise.all(bases.map((id) => data.villages.get(id) ?? setupApi.village(id))),
      // The names of the contracts' counties and of the accounts' areas.
      areasById([...contracts.map((k) => k.countyId), ...users.flatMap((u) => (u.areaId ? [u.areaId] : []))]),
    ]);
    if (stale()) return;
    const byName = <T>(name: (x: T) => string) => (a: T, b: T) => compareNames(name(a), name(b));
    Object.assign(data, {
      partners: partners.sort(byName((p) => p.name)),
      teams: teams.sort(byName((tm) => tm.name)),
      films: films.sort(byName((f) => f.title)),
      users: users.sort(byName((u) => u.username)),
      contracts: contracts.sort(
        (a, b) =>
          (areas.get(a.countyId)?.code ?? '~').localeCompare(areas.get(b.countyId)?.code ?? '~') ||
          compareNames(partners.find((p) => p.id === a.partnerId)?.name ?? '', partners.find((p) => p.id === b.partnerId)?.name ?? '') ||
          a.from.localeCompare(b.from),
      ),
      villages: new Map<number, Village>(villages.map((v) => [v.id, v])),
      registryEmpty: counts?.villages === 0,
      county,
      countyCount,
    });
    render();
    byId('load-error').hidden = true;
  },
  (err) => {
    byId('load-error').textContent = loadFailedText(err);
    byId('load-error').hidden = false;
  },
);

const ctx: SetupContext = { user: page.user, data, reload: update };
const sections = [
  shows.county && countySection(ctx),
  shows.partners && partnersSection(ctx),
  shows.teams && teamsSection(ctx),
  shows.films && filmsSection(ctx),
  shows.users && usersSection(ctx),
  shows.contracts && contractsSection(ctx),
  // The roles that may set it (PUT /api/areas/:id/settings): the admin, the bureau inside its area.
  (role === 'admin' || role === 'bureau') && supervisionSection(ctx),
  // issue 22 statements
  (role === 'admin' || role === 'bureau') && moneySection(ctx),
].filter(
  (s): s is () => void => !!s,
);

content.dataset.sections = String(sections.length);

function render() {
  translate();
  for (const draw of sections) draw();
}

await update();
// A link to a section (/setup#teams from the first steps): the sections were hidden until now.
if (location.hash) document.getElementById(location.hash.slice(1))?.scrollIntoView();
