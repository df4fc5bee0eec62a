import type { Config } from '../config.js';

// Placeholder: the paths land with their routes.
export function planPaths(_config: Config): Record<string, unknown> {
  return {};
}
