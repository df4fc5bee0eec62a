import type { Epochs } from '../coverage/log.js';
import type { Db } from '../db/index.js';

export const roles = ['admin', 'bureau', 'partner', 'projectionist'] as const;
export type Role = (typeof roles)[number];

/** Who is asking: what every rule about access looks at. */
export interface User {
  id: number;
  username: string;
  role: Role;
  /** The company the user works for: a partner's own; a projectionist's team's. */
  partnerId: number | null;
  /** A projectionist's one team (null for every other role). */
  teamId: number | null;
  /** A bureau user's area (null: the whole deployment). */
  areaId: number | null;
  /** The counties the user may see and write in (server/areas/scope.ts); null: everything. */
  counties: number[] | null;
}

/** Who asks, through which database (or transaction), in which county zone: what a feature's service is called with. */
export interface Caller {
  db: Db;
  user: User;
  zone: string;
}

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by the auth middleware when a valid session came with the request. */
    user?: User;
    /** How the session came: a cookie (browsers, CSRF-checked) or a bearer token (scripts). */
    authVia?: 'cookie' | 'bearer';
    /** The counters (server/coverage/log.ts), as of a read begun after the request arrived: set with the session check. */
    epochs?: Epochs;
  }
}
