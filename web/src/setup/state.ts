// What the setup page's sections share: the signed-in user, the lists as last read, and reload().
import type { Film, Team, User, Village } from '../shared/api.js';
import type { Account, Contract, Partner } from './api.js';

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
}

export interface SetupContext {
  user: User;
  data: SetupData;
  /** Reads the lists again and redraws every section. */
  reload(): Promise<void>;
}

export const partnerName = (data: SetupData, id: number | null) => (id === null ? '' : (data.partners.find((p) => p.id === id)?.name ?? `#${id}`));
