// Build the phone verifier into dist/: a small shell (index.html, app.js, style.css, sw.js,
// manifest) that verifies pasted text and links at once, the QR decoder (zxing-wasm with its
// WASM inlined, ~1.3 MB) in decoder.js, loaded on first use of the camera or an image, and PDF
// support (PDF.js, ~1.7 MB) in pdf.js, loaded when a PDF is opened.
// Classic scripts (IIFE), not ES modules: a page opened from a file:// URL may not load
// modules or fetch() siblings, but it may load <script src>. The kinds' names and specialty
// names come from resources/rules/*.toml, so the page says what the desktop says.
import * as esbuild from 'esbuild';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const here = path.dirname(new URL(import.meta.url).pathname);
const out = path.join(here, 'dist');
const rules = path.resolve(here, '../../resources/rules');
fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });

function readRules() {
  const kinds = {};
  for (const f of fs.readdirSync(rules).filter((n) => n.endsWith('.toml'))) {
    const text = fs.readFileSync(path.join(rules, f), 'utf8');
    const top = (k) => (text.match(new RegExp(`^${k}\\s*=\\s*"([^"]*)"`, 'm')) || [])[1];
    const code = top('code');
    if (!code) continue;
    const specialties = {};
    for (const m of text.matchAll(/^\[specialties\.([a-z_0-9]+)\]\s*\nzh\s*=\s*"([^"]*)"\s*\nen\s*=\s*"([^"]*)"/gm)) {
      specialties[m[1]] = { zh: m[2], en: m[3] };
    }
    kinds[code] = { zh: top('name_zh'), en: top('name_en'), specialties };
  }
  return kinds;
}

const common = {
  bundle: true, minify: true, format: 'iife', target: ['es2022'],
  legalComments: 'none', logLevel: 'warning',
  // base45 calls Buffer.from(array) once; the page has no Buffer.
  inject: [path.join(here, 'src/buffer-shim.js')],
  define: { RO_RULES: JSON.stringify(readRules()) },
};
await esbuild.build({ ...common, entryPoints: [path.join(here, 'src/app.js')], outfile: path.join(out, 'app.js') });
await esbuild.build({
  ...common, entryPoints: [path.join(here, 'src/decoder.js')], outfile: path.join(out, 'decoder.js'),
  loader: { '.wasm': 'binary' },
});
await esbuild.build({ ...common, entryPoints: [path.join(here, 'src/pdf.js')], outfile: path.join(out, 'pdf.js') });
for (const f of ['index.html', 'style.css', 'manifest.webmanifest', 'icon.svg', 'icon-192.png', 'icon-512.png']) {
  fs.copyFileSync(path.join(here, 'static', f), path.join(out, f));
}
// The service worker's cache name changes with every build, so a new page replaces the old.
const files = ['index.html', 'app.js', 'style.css', 'manifest.webmanifest', 'icon.svg', 'icon-192.png',
  'icon-512.png', 'decoder.js', 'pdf.js'];
const digest = createHash('sha256');
for (const f of files) digest.update(fs.readFileSync(path.join(out, f)));
const version = digest.digest('hex').slice(0, 12);
const sw = fs.readFileSync(path.join(here, 'src/sw.js'), 'utf8')
  .replace('__VERSION__', version).replace('__FILES__', JSON.stringify(files));
fs.writeFileSync(path.join(out, 'sw.js'), sw);
fs.writeFileSync(path.join(out, 'build.json'), JSON.stringify({ version, files: [...files, 'sw.js'] }, null, 1));
const shell = ['index.html', 'app.js', 'style.css', 'manifest.webmanifest', 'icon.svg', 'icon-192.png',
  'icon-512.png', 'sw.js']
  .reduce((n, f) => n + fs.statSync(path.join(out, f)).size, 0);
console.log(`verifier built: dist/ version ${version}, shell ${(shell / 1024).toFixed(1)} KiB, ` +
  `decoder ${(fs.statSync(path.join(out, 'decoder.js')).size / 1024).toFixed(0)} KiB, ` +
  `PDF support ${(fs.statSync(path.join(out, 'pdf.js')).size / 1024).toFixed(0)} KiB (both loaded on first use)`);
