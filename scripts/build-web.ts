// Builds the pages: each web/src/*.ts is an entry point (web/src/map.ts → /map.js) bundled by
// esbuild into web/dist. Code that two pages share (Leaflet, luxon, the kernel in web/src/shared/,
// domain/) goes into chunks under /chunks/, named by their content, so the browser loads each
// once and keeps it across pages. Each page's HTML file holds its <body>; web/layout.html is the
// document around it, written once (charset, viewport, icon, stylesheets, the module script).
// The stylesheets are copied as they are, and web/static/ (the field page's web manifest and
// icons) too. The field page's service worker (web/src/sw/worker.ts → /sw.js) is bundled on its
// own with the list of what /report needs to start without signal. `--watch` rebuilds on change
// while developing.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import * as esbuild from 'esbuild';

const web = path.resolve('web');
const dist = path.join(web, 'dist');

/**
 * Every page: web/NAME.html (served at /NAME, index at /), the title shown until its script sets
 * the reader's language, its stylesheets in order (leaflet: the installed package's) and its
 * entry web/src/SCRIPT.ts.
 */
const pages: Record<string, { title: string; styles: string[]; script: string; head?: string }> = {
  index: { title: '农村电影放映覆盖图', styles: ['leaflet', 'styles'], script: 'map' },
  login: { title: '登录 · 农村电影放映覆盖图', styles: ['styles'], script: 'login' },
  plan: { title: '月度排期', styles: ['leaflet', 'styles', 'plan'], script: 'plan' },
  report: {
    title: '放映回报',
    // leaflet: the small map of the team's villages (web/src/field/map.ts, issue 23).
    styles: ['leaflet', 'styles', 'plan', 'report'],
    script: 'field',
    head: '<link rel="manifest" href="/manifest.webmanifest">\n  <link rel="apple-touch-icon" href="/icon-192.png">',
  },
  // The villagers' confirmation page (/c/<token>, served by server/web/routes.ts): no sign-in.
  confirm: { title: '放映确认', styles: ['styles', 'confirm', 'village'], script: 'confirm' },
  // A unit's village page (/v/<token>, server/web/routes.ts): no sign-in, a weak connection — its
  // one stylesheet (not styles.css) and a script without the app's catalogue (web/src/village.ts).
  village: { title: '本村放电影', styles: ['village'], script: 'village' },
  runsheet: { title: '放映签到表', styles: ['styles', 'plan', 'runsheet'], script: 'runsheet' },
  registry: { title: '村名录 · 农村电影放映', styles: ['leaflet', 'styles', 'registry'], script: 'registry' },
  films: { title: '影片目录 · 农村电影放映', styles: ['styles', 'registry', 'films'], script: 'films' },
  reports: { title: '报表 · 农村电影放映', styles: ['styles', 'reports'], script: 'reports' },
  review: { title: '核验审查 · 农村电影放映', styles: ['leaflet', 'styles', 'review'], script: 'review' },
  setup: { title: '设置 · 农村电影放映', styles: ['styles', 'setup'], script: 'setup' },
  // The printed 公示 of a unit or a township's units (villagers' voice): a document, no app header.
  poster: { title: '农村公益电影放映公示', styles: ['styles', 'poster'], script: 'poster' },
  // The bureau's list of the villagers' problem reports.
  villagers: { title: '村民反映 · 农村电影放映', styles: ['styles', 'villagers'], script: 'villagers' },
  // issue 22 sign-off: the county-months' sign-off (submit, approve, return, reopen).
  periods: { title: '月度报送审核 · 农村电影放映', styles: ['styles', 'periods'], script: 'periods' },
  // issue 22 statements: a county's statements, and one statement as the A4 document the finance office files.
  statements: { title: '结算单 · 农村电影放映', styles: ['styles', 'statements'], script: 'statements' },
  statement: { title: '农村电影公益放映补贴结算单', styles: ['styles', 'statement'], script: 'statement' },
};

const LEAFLET_CSS = '/vendor/leaflet/leaflet.css';
const styleHref = (name: string) => (name === 'leaflet' ? LEAFLET_CSS : `/${name}.css`);
const stylesheet = (name: string) => `  <link rel="stylesheet" href="${styleHref(name)}">`;

async function writePages() {
  const layout = await fs.readFile(path.join(web, 'layout.html'), 'utf8');
  const files = (await fs.readdir(web)).filter((n) => n.endsWith('.html') && n !== 'layout.html');
  const unlisted = files.filter((n) => !(n.slice(0, -'.html'.length) in pages));
  if (unlisted.length) throw new Error(`pages missing from scripts/build-web.ts: ${unlisted.join(', ')}`);
  await Promise.all(
    Object.entries(pages).map(async ([name, page]) => {
      const body = (await fs.readFile(path.join(web, `${name}.html`), 'utf8')).trimEnd();
      const fill: Record<string, string> = { title: page.title, styles: page.styles.map(stylesheet).join('\n'), script: page.script, body };
      const html = layout.replace(/\{(\w+)\}/g, (m, k: string) => fill[k] ?? m);
      await fs.writeFile(path.join(dist, `${name}.html`), page.head ? html.replace('</head>', `  ${page.head}\n</head>`) : html);
    }),
  );
  const styles = (await fs.readdir(web)).filter((n) => n.endsWith('.css'));
  await Promise.all(styles.map((n) => fs.copyFile(path.join(web, n), path.join(dist, n))));
  await fs.cp(path.join(web, 'static'), dist, { recursive: true });
  return Object.keys(pages).length + styles.length;
}

/**
 * /sw.js: the worker with what /report needs offline — the page, its script and every chunk it
 * imports (from esbuild's metafile), its stylesheets, the manifest and icons — and a version made
 * of their contents, so any change installs a new worker and drops the old files.
 */
async function writeWorker(metafile: esbuild.Metafile) {
  const rel = (out: string) => `/${path.relative(dist, path.resolve(out)).split(path.sep).join('/')}`;
  const scripts = new Set<string>();
  const walk = (out: string) => {
    if (scripts.has(out)) return;
    scripts.add(out);
    for (const i of metafile.outputs[out]?.imports ?? []) if (!i.external) walk(i.path);
  };
  walk(path.relative(process.cwd(), path.join(dist, `${pages.report!.script}.js`)));
  const statics = (await fs.readdir(path.join(web, 'static'))).map((n) => `/${n}`);
  const files = ['/report', ...[...scripts].map(rel), ...pages.report!.styles.map(styleHref), ...statics];
  // Leaflet's stylesheet is served from the installed package (server/app.ts /vendor/leaflet).
  const source = (f: string) => (f === '/report' ? path.join(dist, 'report.html') : f === LEAFLET_CSS ? path.resolve('node_modules/leaflet/dist/leaflet.css') : path.join(dist, f.slice(1)));
  const hash = createHash('sha256');
  for (const f of files) hash.update(f).update(await fs.readFile(source(f)));
  await esbuild.build({
    entryPoints: [path.join(web, 'src', 'sw', 'worker.ts')],
    outfile: path.join(dist, 'sw.js'),
    bundle: true,
    format: 'iife',
    minify: true,
    target: options.target,
    logLevel: 'warning',
    define: { PRECACHE: JSON.stringify(files), VERSION: JSON.stringify(hash.digest('hex').slice(0, 16)) },
  });
  return files.length;
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
  splitting: true,
  entryNames: '[name]',
  chunkNames: 'chunks/[name]-[hash]',
  target: ['chrome109', 'firefox115', 'safari15'],
  minify: true,
  sourcemap: true,
  logLevel: 'warning',
};

if (process.argv.includes('--watch')) {
  const ctx = await esbuild.context({ ...options, metafile: true });
  const first = await ctx.rebuild();
  await writePages();
  await writeWorker(first.metafile);
  await ctx.watch();
  // Pages and the stylesheets are not in esbuild's graph: write them again when they change.
  for await (const _ of fs.watch(web)) await writePages();
} else {
  const result = await esbuild.build({ ...options, metafile: true });
  const written = await writePages();
  const offline = await writeWorker(result.metafile);
  const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
  const chunks = Object.keys(result.metafile.outputs).filter((o) => o.includes('/chunks/') && o.endsWith('.js')).length;
  process.stdout.write(`web: ${entryPoints.length} pages, ${chunks} shared chunks, ${written} pages/styles, ${Math.round(bytes / 1024)} KiB; /sw.js keeps ${offline} files for /report offline\n`);
}
