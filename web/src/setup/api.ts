// The JSON only the setup page reads and writes: partners, accounts, contracts, and the writes of teams and
// films (their shapes are shared, in shared/api.ts); a village for a team's base, found by search.
import type { Film, Role, Team, Village } from '../shared/api.js';
import { get, query, request } from '../shared/http.js';

export interface Partner {
  id: number;
  name: string;
}

export interface Account {
  id: number;
  username: string;
  role: Role;
  partnerId: number | null;
  /** A bureau account's area (null: the whole deployment). */
  areaId: number | null;
  /** A projectionist's team. */
  teamId: number | null;
  disabled: boolean;
  passwordChangedAt: string;
}

/** Which partner works which county, from which month to which (null: open-ended). */
export interface Contract {
  id: number;
  partnerId: number;
  countyId: number;
  from: string;
  to: string | null;
}

/** The deployment's one county (server/areas/county.ts), or null with none or several. */
export interface DeploymentCounty {
  id: number;
  code: string;
  name: string;
}

const all = async <T>(path: string) => (await get<{ items: T[] }>(`${path}?limit=1000`)).items;
/** POST a new record, or PATCH the one with this id. */
const save = <T>(path: string, id: number | null, body: Record<string, unknown>) =>
  request<T>(id === null ? 'POST' : 'PATCH', id === null ? path : `${path}/${id}`, { body });

export const setupApi = {
  partners: () => all<Partner>('/api/partners'),
  users: () => all<Account>('/api/users'),
  savePartner: (id: number | null, body: { name: string }) => save<Partner>('/api/partners', id, body),
  saveTeam: (id: number | null, body: Record<string, unknown>) => save<Team>('/api/teams', id, body),
  saveFilm: (id: number | null, body: Record<string, unknown>) => save<Film>('/api/films', id, body),
  saveUser: (id: number | null, body: Record<string, unknown>) => save<Account>('/api/users', id, body),
  contracts: () => all<Contract>('/api/contracts'),
  county: async () => (await get<{ county: DeploymentCounty | null }>('/api/areas/deployment-county')).county,
  /** How many counties the registry has (0, 1: one county needs no contract). */
  countyCount: async () => (await get<{ total: number }>('/api/areas?level=county&limit=1')).total,
  nameCounty: (body: { code: string; name: string; prefectureName?: string; provinceName?: string }) =>
    request<{ county: DeploymentCounty; townshipsPlaced: number }>('PUT', '/api/areas/deployment-county', { body }),
  saveContract: (body: { partnerId?: number; countyId?: number; from: string; to: string | null }) => save<Contract>('/api/contracts', null, body),
  deleteContract: (id: number) => request<null>('DELETE', `/api/contracts/${id}`),
  village: (id: number) => get<Village>(`/api/villages/${id}`),
  findVillages: async (q: string, signal?: AbortSignal) =>
    (await get<{ items: Village[] }>(`/api/villages?${query({ q, retired: 'false', limit: 8 })}`, { signal })).items,
};
