// Prints the OpenAPI document this configuration serves, for a client generator or a linter without
// a running server: `npx tsx server/openapi/print.ts > openapi.json`, then
// `npx @redocly/cli lint openapi.json` or `npx openapi-typescript openapi.json -o api.d.ts`.

import { loadConfig } from '../config.js';
import { openApiDocument } from './document.js';

process.stdout.write(`${JSON.stringify(openApiDocument(loadConfig()), null, 2)}\n`);
