// Placeholder until the web pages land: makes sure web/dist exists.
import fs from 'node:fs';
fs.mkdirSync('web/dist', { recursive: true });
