// npx tsx scripts/cpuprofile-summary.ts FILE.cpuprofile [--top N] [--from MS] [--to MS] — where a V8 CPU
// profile's time went (node --cpu-prof writes one at exit): the share of the sampled time spent in
// each module itself (self time: an npm package, a file of this repository, node's internals, the
// garbage collector, idle), then the functions with the most self time, then the most inclusive
// ones (a sample counts once for every function on its stack). --from and --to keep the samples between those
// times (ms from the profile's start; e.g. to skip the start-up). Also run by `npm run bench:load -- --profile DIR`.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The module of a frame: an npm package by name, a file of this repository, node's own code, or V8's pseudo-frames. */
export function moduleOf(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (!url) return functionName.startsWith('(') ? functionName : `(native) ${functionName || 'anonymous'}`;
  if (url.startsWith('node:')) return url.replace(/^node:internal\/(deps\/)?/, 'node:');
  const file = url.startsWith('file://') ? fileURLToPath(url.split('?')[0]!) : url;
  const nm = file.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = file.slice(nm + 'node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  return file.startsWith(root) ? path.relative(root, file) : file;
}

const frameName = (f: CallFrame) => `${f.functionName || '(anonymous)'} ${moduleOf(f)}${f.url ? `:${f.lineNumber + 1}` : ''}`;

export interface Summary {
  totalMs: number;
  busyMs: number;
  modules: [string, number][];
  selfFns: [string, number][];
  inclusiveFns: [string, number][];
}

export function summarise(profile: CpuProfile, fromMs = 0, toMs = Infinity): Summary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const modules = new Map<string, number>();
  const selfFns = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  let t = 0;
  let total = 0;
  let idle = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    // A sample's time: the gap to the next one (the last sample gets the gap before it).
    const dt = (profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0) / 1000;
    t += (profile.timeDeltas[i] ?? 0) / 1000;
    if (t < fromMs || t >= toMs) continue;
    const node = byId.get(profile.samples[i]!)!;
    total += dt;
    if (node.callFrame.functionName === '(idle)') idle += dt;
    add(modules, moduleOf(node.callFrame), dt);
    add(selfFns, frameName(node.callFrame), dt);
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const name = frameName(byId.get(id)!.callFrame);
      if (!seen.has(name)) {
        seen.add(name);
        add(inclusive, name, dt);
      }
    }
  }
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]);
  return { totalMs: total, busyMs: total - idle, modules: sorted(modules), selfFns: sorted(selfFns), inclusiveFns: sorted(inclusive).filter(([n]) => !n.startsWith('(root)')) };
}

/** The summary as text: shares of the busy (not idle) time. */
export function report(s: Summary, top = 25): string {
  const pct = (ms: number) => `${((100 * ms) / s.busyMs).toFixed(1).padStart(5)}%`;
  const lines = [`sampled ${(s.totalMs / 1000).toFixed(1)} s, busy ${(s.busyMs / 1000).toFixed(1)} s (shares below are of the busy time)`, '', 'self time by module:'];
  for (const [m, ms] of s.modules.filter(([m]) => m !== '(idle)').slice(0, top)) lines.push(`  ${pct(ms)}  ${m}`);
  lines.push('', 'self time by function:');
  for (const [f, ms] of s.selfFns.filter(([f]) => !f.startsWith('(idle)')).slice(0, top)) lines.push(`  ${pct(ms)}  ${f}`);
  lines.push('', 'inclusive time by function:');
  for (const [f, ms] of s.inclusiveFns.filter(([f]) => !f.startsWith('(idle)')).slice(0, top)) lines.push(`  ${pct(ms)}  ${f}`);
  return lines.join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const option = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args.splice(i, 2)[1] : undefined;
  };
  const top = Number(option('--top') ?? 25);
  const from = Number(option('--from') ?? 0);
  const to = Number(option('--to') ?? Infinity);
  if (args.length !== 1) {
    process.stderr.write('usage: tsx scripts/cpuprofile-summary.ts FILE.cpuprofile [--top N] [--from MS] [--to MS]\n');
    process.exit(2);
  }
  console.log(report(summarise(JSON.parse(readFileSync(args[0]!, 'utf8')) as CpuProfile, from, to), top));
}
