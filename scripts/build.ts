/**
 * `npm run build`: builds dist/chrome with Vite + crxjs, derives dist/firefox (background
 * scripts instead of a service worker, browser_specific_settings.gecko), and zips both into
 * dist/wasm-layer-chrome.zip and dist/wasm-layer-firefox.zip.
 *
 *   npx tsx scripts/build.ts          build and zip
 *   npx tsx scripts/build.ts --lint   also run `web-ext lint` on dist/firefox (fails on errors)
 *
 * The icons in public/icons are drawn here (tiny PNGs) when missing, so no binary comes from
 * elsewhere.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import { build } from 'vite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');

/**
 * Firefox add-on id and minimum version: MAIN-world content scripts need 128, and the
 * `data_collection_permissions` declaration (which AMO now expects) needs 140, the current ESR.
 */
export const GECKO_ID = 'wasm-layer@wasm-layer-devtools';
export const GECKO_MIN_VERSION = '140.0';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** The icon: WebAssembly's purple square with a notch, drawn at `size` pixels. */
export function drawIcon(size: number): Buffer {
  const rows: Buffer[] = [];
  const notch = size * 0.32;
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4);
    for (let x = 0; x < size; x++) {
      const inNotch = y < size * 0.22 && Math.abs(x + 0.5 - size / 2) < notch / 2;
      const rgba = inNotch ? [0, 0, 0, 0] : [0x65, 0x4f, 0xf0, 0xff];
      row.set(rgba, 1 + x * 4);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(Buffer.concat(rows))),
    pngChunk('IEND', new Uint8Array()),
  ]);
}

function ensureIcons(): void {
  const dir = path.join(root, 'public', 'icons');
  mkdirSync(dir, { recursive: true });
  for (const size of [16, 32, 48, 128]) {
    const file = path.join(dir, `icon-${size}.png`);
    if (!existsSync(file)) writeFileSync(file, drawIcon(size));
  }
}

interface ChromeManifest {
  background: { service_worker: string; type?: string };
  web_accessible_resources?: { resources: string[] }[];
  [key: string]: unknown;
}

/** The byte bridge's page, which only Chrome's relay frames (see src/protocol/bridge.ts). */
const BRIDGE_PAGE = 'src/content/bridge/bridge.html';

/**
 * Turns the built Chrome manifest into Firefox's. The byte bridge's page is not exposed to
 * pages there: Firefox's relay does not use it.
 */
export function firefoxManifest(chrome: ChromeManifest): Record<string, unknown> {
  const { background, minimum_chrome_version: _minimumChrome, ...rest } = chrome;
  const exposed = (chrome.web_accessible_resources ?? []).filter(
    (entry) => !entry.resources.includes(BRIDGE_PAGE),
  );
  return {
    ...rest,
    web_accessible_resources: exposed.length > 0 ? exposed : undefined,
    background: { scripts: [background.service_worker], type: background.type ?? 'classic' },
    browser_specific_settings: {
      gecko: {
        id: GECKO_ID,
        strict_min_version: GECKO_MIN_VERSION,
        // The extension sends nothing anywhere: captured data stays in the browser.
        data_collection_permissions: { required: ['none'] },
      },
    },
  };
}

function zipDirectory(dir: string, zipFile: string): void {
  rmSync(zipFile, { force: true });
  execFileSync('zip', ['-q', '-r', '-X', zipFile, '.'], { cwd: dir });
}

/** Runs `web-ext lint` on dist/firefox; returns the number of errors. */
export function lintFirefox(): number {
  const webExt = path.join(root, 'node_modules', '.bin', 'web-ext');
  let output: string;
  try {
    output = execFileSync(
      webExt,
      [
        'lint',
        '--source-dir',
        path.join(dist, 'firefox'),
        '--output',
        'json',
        '--no-config-discovery',
      ],
      {
        encoding: 'utf8',
      },
    );
  } catch (error) {
    output = String((error as { stdout?: string }).stdout ?? '');
  }
  const report = JSON.parse(output) as {
    errors: { code: string; message: string; file?: string }[];
    warnings: unknown[];
  };
  for (const error of report.errors)
    console.error(`web-ext lint error ${error.code}: ${error.message} (${error.file ?? ''})`);
  console.log(`web-ext lint: ${report.errors.length} errors, ${report.warnings.length} warnings`);
  return report.errors.length;
}

async function main(): Promise<void> {
  ensureIcons();
  await build({ configFile: path.join(root, 'vite.config.ts'), root, logLevel: 'warn' });
  const chromeDir = path.join(dist, 'chrome');
  const firefoxDir = path.join(dist, 'firefox');
  rmSync(firefoxDir, { recursive: true, force: true });
  cpSync(chromeDir, firefoxDir, { recursive: true });
  rmSync(path.join(firefoxDir, '.vite'), { recursive: true, force: true });
  const chromeManifest = JSON.parse(
    readFileSync(path.join(chromeDir, 'manifest.json'), 'utf8'),
  ) as ChromeManifest;
  writeFileSync(
    path.join(firefoxDir, 'manifest.json'),
    JSON.stringify(firefoxManifest(chromeManifest), null, 2),
  );
  zipDirectory(chromeDir, path.join(dist, 'wasm-layer-chrome.zip'));
  zipDirectory(firefoxDir, path.join(dist, 'wasm-layer-firefox.zip'));
  console.log('built dist/chrome, dist/firefox and their zips');
  if (process.argv.includes('--lint') && lintFirefox() > 0) process.exitCode = 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url))
  await main();
