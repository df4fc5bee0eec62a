// server/server.ts still imports ensureAdmin from here; it lives in ./service.ts.
export { ensureAdmin } from './service.js';
