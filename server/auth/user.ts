export const roles = ['admin', 'bureau', 'partner'] as const;
export type Role = (typeof roles)[number];

/** Who is asking: what every rule about access looks at. */
export interface User {
  id: number;
  username: string;
  role: Role;
  partnerId: number | null;
}

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by the auth middleware when a valid session came with the request. */
    user?: User;
    /** How the session came: a cookie (browsers, CSRF-checked) or a bearer token (scripts). */
    authVia?: 'cookie' | 'bearer';
  }
}
