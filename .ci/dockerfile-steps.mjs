// Turns the Dockerfile into a bash fragment that .ci/run sources in a clean copy of the repository,
// so CI follows the image's own steps without a Docker engine:
//   ENV k=v ...        → export k=v (in order, so an ENV set after a RUN is not seen by it)
//   RUN npm ...        → /bin/sh -c '...', as docker runs it; other RUNs (users, chown) only make sense in the image: skipped
//   CMD [...]          → DOCKER_CMD=(...)          (exec form required: signals go to node itself)
//   HEALTHCHECK CMD [...] → DOCKER_HEALTHCHECK=(...)
// Usage: node .ci/dockerfile-steps.mjs Dockerfile
import fs from 'node:fs';

const file = process.argv[2] ?? 'Dockerfile';
const text = fs.readFileSync(file, 'utf8');

// Join continuation lines, drop comments and blank lines.
const instructions = text
  .replace(/\\\r?\n/g, ' ')
  .split(/\r?\n/)
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));

const q = (s) => `'${String(s).replaceAll("'", `'\\''`)}'`;
const execForm = (json, what) => {
  let argv;
  try {
    argv = JSON.parse(json);
  } catch {
    throw new Error(`${file}: ${what} must be in exec form (a JSON array): ${json}`);
  }
  if (!Array.isArray(argv) || argv.length === 0) throw new Error(`${file}: empty ${what}`);
  return argv.map(q).join(' ');
};

const out = [];
let cmd;
let healthcheck;
for (const line of instructions) {
  const [, keyword, rest] = /^(\S+)\s*(.*)$/.exec(line);
  switch (keyword.toUpperCase()) {
    case 'ENV':
      for (const [, k, v] of rest.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|'[^']*'|\S*)/g)) {
        out.push(`export ${k}=${q(v.replace(/^(["'])(.*)\1$/, '$2'))}`);
      }
      break;
    case 'RUN':
      if (/^npm\s/.test(rest)) {
        out.push(`echo ${q(`+ ${rest}`)}`, `/bin/sh -c ${q(rest)}`);
      } else {
        out.push(`echo ${q(`(image only, skipped) ${rest}`)}`);
      }
      break;
    case 'CMD':
      cmd = execForm(rest, 'CMD');
      break;
    case 'HEALTHCHECK': {
      const m = /\bCMD\s+(\[.*\])\s*$/.exec(rest);
      if (!m) throw new Error(`${file}: HEALTHCHECK needs CMD in exec form`);
      healthcheck = execForm(m[1], 'HEALTHCHECK');
      break;
    }
    default:
      break; // FROM, WORKDIR, COPY, USER, VOLUME, EXPOSE: the clean copy already stands for them.
  }
}
if (!cmd) throw new Error(`${file}: no CMD`);
if (!healthcheck) throw new Error(`${file}: no HEALTHCHECK`);
out.push(`DOCKER_CMD=(${cmd})`, `DOCKER_HEALTHCHECK=(${healthcheck})`);
process.stdout.write(`${out.join('\n')}\n`);
