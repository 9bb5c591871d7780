/**
 * Builds the two web apps with the project's esbuild: per app one hashed
 * JavaScript bundle, one hashed stylesheet and an index.html with no inline
 * script (a CSP of `script-src 'self'` holds). `tsx web/build.ts` writes them
 * to web/dist/ (portal at /, console at /console/); the local host builds in
 * memory on start with buildWeb({ write: false }).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { build } from 'esbuild';

export const WEB_APPS = {
  portal: { base: '/', title: 'Redress · Track your repair or complaint' },
  console: { base: '/console/', title: 'Redress staff console' },
} as const;
export type WebApp = keyof typeof WEB_APPS;

export interface WebFile {
  /** URL path, e.g. /assets/portal-3FJ2K.js or /console/index.html */
  path: string;
  contents: Uint8Array;
}

export interface WebBuild {
  files: WebFile[];
  /** Per app, the URL paths of the JavaScript the first screen loads. */
  firstScreenJs: Record<WebApp, string[]>;
}

const html = (app: WebApp, js: string, css: string) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${WEB_APPS[app].title}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${css}">
<script type="module" src="${js}"></script>
</head>
<body>
<div id="app"><noscript>This service needs JavaScript.</noscript></div>
</body>
</html>
`;

/** Builds both apps; the files are returned and, with `outdir`, written there. */
export async function buildWeb(options: { outdir?: string } = {}): Promise<WebBuild> {
  const files: WebFile[] = [];
  const firstScreenJs = {} as Record<WebApp, string[]>;
  for (const app of Object.keys(WEB_APPS) as WebApp[]) {
    const assets = `${WEB_APPS[app].base}assets/`;
    const result = await build({
      entryPoints: { [app]: join(__dirname, app, 'main.tsx') },
      bundle: true,
      write: false,
      outdir: '/out',
      entryNames: '[name]-[hash]',
      assetNames: '[name]-[hash]',
      format: 'esm',
      target: 'es2020',
      platform: 'browser',
      minify: true,
      sourcemap: false,
      jsx: 'automatic',
      jsxImportSource: 'preact',
      define: { 'process.env.NODE_ENV': '"production"' },
      legalComments: 'none',
      logLevel: 'silent',
    });
    const out = result.outputFiles.map((f) => ({ name: relative('/out', f.path), contents: f.contents }));
    const js = out.find((f) => f.name.endsWith('.js'));
    const css = out.find((f) => f.name.endsWith('.css'));
    if (!js || !css) throw new Error(`web build of ${app}: expected one .js and one .css`);
    for (const f of out) files.push({ path: `${assets}${f.name}`, contents: f.contents });
    files.push({
      path: `${WEB_APPS[app].base}index.html`,
      contents: new TextEncoder().encode(html(app, `${assets}${js.name}`, `${assets}${css.name}`)),
    });
    firstScreenJs[app] = [`${assets}${js.name}`];
  }
  if (options.outdir) {
    rmSync(options.outdir, { recursive: true, force: true });
    for (const f of files) {
      const target = join(options.outdir, f.path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, f.contents);
    }
  }
  return { files, firstScreenJs };
}

if (require.main === module) {
  // `tsx web/build.ts [outdir]`: the CDK stack's local bundling passes its asset directory.
  const outdir = process.argv[2] ?? join(__dirname, 'dist');
  buildWeb({ outdir }).then(
    (b) => console.log(`web: ${b.files.length} files in ${relative(process.cwd(), outdir)}/`),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
