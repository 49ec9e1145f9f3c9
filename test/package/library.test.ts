/**
 * The package as a user gets it: `npm pack` (which runs `build:lib`), the tarball installed with
 * no network into a fresh project, that project's TypeScript checked against the shipped
 * `.d.ts`, then both entries imported from Node and from a Vite-bundled page in Chromium. Also:
 * importing an entry does nothing observable, and a bundler drops what is not used.
 *
 * The consumer's sources are in `consumer/`; they import `wasm-layer-devtools/…` by name, so
 * they only compile inside the temporary project (the repo's tsconfig leaves them out).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { build, type Rolldown } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watToWasm } from '../support/wat.ts';

const REPO = resolve(import.meta.dirname, '../..');
const CONSUMER = join(import.meta.dirname, 'consumer');
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync'];

/** What the round trip must report (`RoundTripReport` of consumer/round-trip.ts), from Node and from the page alike. */
const EXPECTED = {
  result: 84,
  hostCalls: [21, 42],
  imports: ['host.double'],
  exports: ['quadruple'],
  text: '(func (;1;) (type 0) (param i32) (result i32)\n    local.get 0\n    call $double\n    call $double)',
};

let work: string;
let project: string;
let tarball: string;
let compileErrors: string;

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): string {
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'wasm-layer-package-'));
  run('npm', ['pack', '--pack-destination', work], REPO);
  tarball = join(work, readdirSync(work).find((name) => name.endsWith('.tgz')) ?? 'missing.tgz');

  project = join(work, 'consumer');
  cpSync(CONSUMER, project, { recursive: true });
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'library-consumer', private: true, type: 'module' }),
  );
  // No registry to reach: the install must need nothing but the tarball.
  run('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], project, {
    npm_config_registry: 'http://127.0.0.1:9/',
  });
  writeFileSync(
    join(project, 'round-trip.wasm'),
    await watToWasm(readFileSync(join(import.meta.dirname, 'round-trip.wat'), 'utf8')),
  );

  // The consumer as a TypeScript user compiles it: Node's own resolution of `exports`, the
  // shipped .d.ts checked too. It emits even with errors, so the other tests still say more.
  writeFileSync(
    join(project, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        lib: ['ES2023', 'DOM'],
        types: ['node'],
        typeRoots: [join(REPO, 'node_modules/@types')],
        strict: true,
        skipLibCheck: false,
        outDir: 'out',
      },
      include: ['*.ts'],
    }),
  );
  const tsc = spawnSync(
    process.execPath,
    [join(REPO, 'node_modules/typescript/bin/tsc'), '-p', project],
    { cwd: project, encoding: 'utf8' },
  );
  compileErrors = tsc.stdout + tsc.stderr;
  // npm pack compiles the library; beside the rest of the suite on two cores it can take a while.
}, 300_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packed library', () => {
  it('ships only the compiled entries, a README and the license, and depends on nothing', () => {
    const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).trim().split('\n');
    const others = files.filter((file) => !/^package\/lib\/(runtime|wasm)\//.test(file));
    expect(others.sort()).toEqual(['package/LICENSE', 'package/README.md', 'package/package.json']);
    for (const entry of ['runtime', 'wasm']) {
      expect(files).toContain(`package/lib/${entry}/index.js`);
      expect(files).toContain(`package/lib/${entry}/index.d.ts`);
    }
    const manifest = JSON.parse(
      execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }),
    ) as Record<string, unknown>;
    expect(manifest.dependencies).toBeUndefined();
    expect(manifest.peerDependencies).toBeUndefined();
    expect(manifest.optionalDependencies).toBeUndefined();
  });

  it("type-checks a consumer against the shipped .d.ts with Node's module resolution", () => {
    expect(compileErrors).toBe('');
  });

  it('runs a host-function round trip and a decoder call when Node imports both entries', () => {
    const output = run(process.execPath, ['out/node-main.js', 'round-trip.wasm'], project);
    expect(JSON.parse(output)).toEqual(EXPECTED);
  });

  it('does nothing observable when an entry is imported', () => {
    // The probe's report is its last line (the control's console.debug prints before it).
    const probe = (...specifiers: string[]) =>
      JSON.parse(
        run(process.execPath, ['out/import-probe.js', ...specifiers], project)
          .trim()
          .split('\n')
          .at(-1) ?? '',
      ) as { calls: string[]; changed: string[] };
    // The control: a module that does one thing of each kind is caught at each.
    const control = probe('./observable.js');
    // (Node's console.debug writes through process.stdout, which the probe sees too.)
    expect(control.calls).toEqual(
      expect.arrayContaining(['globalThis.setTimeout', 'WebAssembly.validate', 'console.debug']),
    );
    expect(control.changed).toEqual([
      'globalThis.observableImportRan',
      'Array.prototype.observableImportRan',
    ]);

    expect(probe('wasm-layer-devtools/runtime', 'wasm-layer-devtools/wasm')).toEqual({
      calls: [],
      changed: [],
    });
  });

  it('is dropped by a bundler when nothing is used, and keeps only what is', async () => {
    const bundle = async (entry: string): Promise<string> => {
      const output = (await build({
        configFile: false,
        root: project,
        logLevel: 'silent',
        build: {
          write: false,
          minify: false,
          target: 'es2022',
          lib: { entry: join(project, entry), formats: ['es'], fileName: 'bundle' },
        },
      })) as Rolldown.RolldownOutput | Rolldown.RolldownOutput[];
      const chunks = [output].flat().flatMap((result) => result.output);
      return chunks.map((chunk) => (chunk.type === 'chunk' ? chunk.code : '')).join('');
    };

    expect((await bundle('bare-imports.ts')).trim()).toBe('');
    const decoderOnly = await bundle('decoder-only.ts');
    expect(decoderOnly).toContain('function decodeModule(');
    expect(decoderOnly).not.toContain('function printFunction(');
    expect(decoderOnly).not.toContain('function printModule(');
    expect(decoderOnly).not.toContain('class Engine');
  });

  it('runs the same round trip in Chromium from a page bundled by Vite', async () => {
    const dist = join(work, 'page');
    await build({
      configFile: false,
      root: project,
      logLevel: 'silent',
      publicDir: false,
      build: { outDir: dist, emptyOutDir: true, target: 'es2022', minify: false },
    });
    const wasm = readFileSync(join(project, 'round-trip.wasm'));
    const server = await new Promise<Server>((ready) => {
      const listening = createServer((request, response) => {
        const path = request.url === '/' ? '/index.html' : (request.url ?? '/');
        if (path === '/round-trip.wasm') {
          response.writeHead(200, { 'content-type': 'application/wasm' }).end(wasm);
          return;
        }
        try {
          const body = readFileSync(join(dist, path));
          const type = extname(path) === '.html' ? 'text/html' : 'text/javascript';
          response.writeHead(200, { 'content-type': type }).end(body);
        } catch {
          response.writeHead(404).end();
        }
      });
      listening.listen(0, '127.0.0.1', () => ready(listening));
    });
    const browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
      headless: true,
    });
    try {
      const page = await browser.newPage();
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      // consumer/page.ts leaves its outcome in `libraryOutcome`.
      const outcome = await page.waitForFunction(
        () => (globalThis as { libraryOutcome?: unknown }).libraryOutcome,
        null,
        { timeout: 30_000 },
      );
      expect(await outcome.jsonValue()).toEqual({ ok: true, report: EXPECTED });
      expect(pageErrors).toEqual([]);
    } finally {
      await browser.close();
      server.close();
    }
  });
});
