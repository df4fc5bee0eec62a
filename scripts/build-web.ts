// Builds the pages: each web/src/*.ts is an entry point bundled by esbuild (Leaflet included, from
// the npm package) into web/dist; the HTML pages and the stylesheet are copied beside them.
// `--watch` rebuilds on change while developing.
import fs from 'node:fs/promises';
import path from 'node:path';
import * as esbuild from 'esbuild';

const web = path.resolve('web');
const dist = path.join(web, 'dist');

async function copyStatic() {
  const names = (await fs.readdir(web)).filter((n) => n.endsWith('.html') || n.endsWith('.css'));
  await Promise.all(names.map((n) => fs.copyFile(path.join(web, n), path.join(dist, n))));
  return names;
}

const entryPoints = (await fs.readdir(path.join(web, 'src')))
  .filter((n) => n.endsWith('.ts'))
  .map((n) => path.join(web, 'src', n));

await fs.rm(dist, { recursive: true, force: true });
await fs.mkdir(dist, { recursive: true });

const options: esbuild.BuildOptions = {
  entryPoints,
  outdir: dist,
  bundle: true,
  format: 'esm',
  target: ['chrome109', 'firefox115', 'safari15'],
  minify: true,
  sourcemap: true,
  logLevel: 'warning',
};

if (process.argv.includes('--watch')) {
  const ctx = await esbuild.context(options);
  await ctx.watch();
  await copyStatic();
  // Pages and the stylesheet are not in esbuild's graph: copy them again when they change.
  for await (const _ of fs.watch(web)) await copyStatic();
} else {
  const result = await esbuild.build({ ...options, metafile: true });
  const copied = await copyStatic();
  const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
  process.stdout.write(`web: ${entryPoints.length} bundles, ${copied.length} pages/styles, ${Math.round(bytes / 1024)} KiB\n`);
}
