// What the setup page's sections share: the signed-in user, the lists as last read, reload(),
// and the partner choice three forms make.
import { t } from '../i18n/index.js';
import type { Film, Team, User, Village } from '../shared/api.js';
import { h } from '../shared/dom.js';
import type { Account, Contract, DeploymentCounty, Partner } from './api.js';

export interface SetupData {
  partners: Partner[];
  teams: Team[];
  films: Film[];
  users: Account[];
  /** Ordered by county code, partner, first month. */
  contracts: Contract[];
  /** The teams' base villages, by id. */
  villages: Map<number, Village>;
  /** The registry has no village yet (a team's base can wait for the import). */
  registryEmpty: boolean;
  /** The deployment's one county, or null (none, or several). */
  county: DeploymentCounty | null;
  /** The counties in the registry the reader sees: with 0 or 1, contracts do not apply. */
  countyCount: number;
}

export interface SetupContext {
  user: User;
  data: SetupData;
  /** Reads the lists again and redraws every section. */
  reload(): Promise<void>;
}

export const partnerName = (data: SetupData, id: number | null) => (id === null ? '' : (data.partners.find((p) => p.id === id)?.name ?? `#${id}`));

/** The one partner when there is only one: the forms choose it for the reader. */
export const onlyPartner = (partners: readonly Partner[]) => (partners.length === 1 ? String(partners[0]!.id) : '');

/** A form's partner <select> filled with the partners as last read, the choice kept. */
export function partnerOptions(select: HTMLSelectElement, partners: readonly Partner[]) {
  const chosen = select.value;
  select.replaceChildren(h('option', { value: '' }, t('teams.partnerPick')), ...partners.map((p) => h('option', { value: p.id }, p.name)));
  select.value = chosen || onlyPartner(partners);
}
