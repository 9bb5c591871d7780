import { gzipSync } from 'node:zlib';
import { buildWeb } from '../../web/build';

export const PORTAL_FIRST_SCREEN_GZIP_BUDGET = 60 * 1024;

/** The customer portal's first-screen JavaScript (WEB.md: at most 60 KB gzip), as the host serves it. */
export async function webSection() {
  const build = await buildWeb();
  const rows = (['portal', 'console'] as const).map((app) => {
    const files = build.firstScreenJs[app].map((path) => {
      const file = build.files.find((f) => f.path === path);
      if (!file) throw new Error(`web build: ${path} missing`);
      return file.contents;
    });
    const bytes = files.reduce((n, f) => n + f.length, 0);
    const gzip = files.reduce((n, f) => n + gzipSync(f, { level: 9 }).length, 0);
    return {
      app,
      files: files.length,
      KB: +(bytes / 1024).toFixed(1),
      'gzip KB': +(gzip / 1024).toFixed(1),
      gzip,
    };
  });
  const portal = rows.find((r) => r.app === 'portal');
  const gzip = portal?.gzip ?? Number.POSITIVE_INFINITY;
  return {
    rows,
    budgets: [
      {
        name: 'portal first-screen JavaScript (gzip)',
        limit: `≤ ${PORTAL_FIRST_SCREEN_GZIP_BUDGET / 1024} KB`,
        actual: `${(gzip / 1024).toFixed(1)} KB`,
        met: gzip <= PORTAL_FIRST_SCREEN_GZIP_BUDGET,
      },
    ],
  };
}
