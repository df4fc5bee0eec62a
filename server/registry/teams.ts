// server/plans/queries.ts still imports visibleTeams from here; it lives in ./teams/queries.ts.
export { visibleTeams } from './teams/queries.js';
