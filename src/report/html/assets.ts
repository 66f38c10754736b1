/**
 * What a report page inlines, read when a page is rendered so the page needs nothing from outside:
 *
 * - cytoscape.js (npm `cytoscape`, MIT licence, © The Cytoscape Consortium): graph drawing and the
 *   `cose` force-directed layout, which places compound nodes (zones ⊃ segments ⊃ nodes). Its own
 *   licence header stays at the top of the inlined file.
 * - the page's own script and style sheet (client/), part of segproof (Apache-2.0).
 *
 * The client files are read from the package's source folder, which is where they live both when run
 * from TypeScript and from the compiled dist/ (the compiler copies no non-TypeScript files).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PageAssets {
  readonly cytoscape: string;
  readonly script: string;
  readonly style: string;
}

const CLIENT_FOLDER = path.join('src', 'report', 'html', 'client');

/** The folder holding package.json above this module (the repository or the installed package). */
function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('segproof: package.json not found above the HTML report module');
    dir = up;
  }
  return dir;
}

let cached: PageAssets | undefined;

/** The inlined assets, read once per process. */
export function pageAssets(): PageAssets {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const client = path.join(packageRoot(), CLIENT_FOLDER);
  cached = {
    cytoscape: readFileSync(require.resolve('cytoscape/dist/cytoscape.min.js'), 'utf8'),
    script: readFileSync(path.join(client, 'report-page.js'), 'utf8'),
    style: readFileSync(path.join(client, 'report-page.css'), 'utf8'),
  };
  return cached;
}
