// Bundles the dashboard into query-api's classpath (target/classes/webroot): index.html, and one
// script and one stylesheet under assets/, with the charting library inside, minified.
import { build } from 'esbuild';
import { copyFile, mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const webroot = resolve(process.argv[2] ?? resolve(here, '../../../target/classes/webroot'));

await mkdir(resolve(webroot, 'assets'), { recursive: true });
await build({
  entryPoints: [resolve(here, 'src/main.js'), resolve(here, 'src/style.css')],
  bundle: true,
  minify: true,
  sourcemap: false,
  target: ['es2020'],
  outdir: resolve(webroot, 'assets'),
  logLevel: 'warning',
});
await copyFile(resolve(here, 'index.html'), resolve(webroot, 'index.html'));
console.log(`dashboard built into ${webroot}`);
