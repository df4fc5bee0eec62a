// npx tsx scripts/bench-startup.ts — time from spawning the server (node --import tsx
// server/main.ts, as the Dockerfile runs it) until GET /healthz answers 200: three starts on an
// empty embedded DATA_DIR (initdb, migrations, Tonghai demo data), three on the same warm one.
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

async function startOnce(dataDir: string, port: number): Promise<number> {
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', DATABASE_URL: '' },
    stdio: 'ignore',
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
      if (ok) return performance.now() - t0;
      await new Promise((r) => setTimeout(r, 25));
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'film2131-startup-'));
try {
  const empty: number[] = [];
  for (let i = 0; i < 3; i++) empty.push(await startOnce(path.join(dir, `empty${i}`), 3400 + i));
  const warm: number[] = [];
  for (let i = 0; i < 3; i++) warm.push(await startOnce(path.join(dir, 'empty0'), 3410 + i));
  const fmt = (xs: number[]) => xs.map((x) => `${(x / 1000).toFixed(2)} s`).join(', ');
  console.log(`empty embedded database: ${fmt(empty)}`);
  console.log(`warm embedded database:  ${fmt(warm)}`);
} finally {
  await fs.rm(dir, { recursive: true, force: true });
}
