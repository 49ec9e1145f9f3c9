/**
 * Screenshots of the real DevTools panel, kept as test artifacts (git-ignored, under
 * `test-artifacts/screenshots/`). The panel's iframe target cannot capture itself, so the
 * DevTools front-end page is captured, clipped to the panel's iframe (found through the
 * front-end's shadow roots).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { CdpSession } from './cdp.ts';

/** Where screenshots go. */
export const SCREENSHOT_DIR = path.resolve(
  import.meta.dirname,
  '../../../test-artifacts/screenshots',
);

const PANEL_RECT = `(() => {
  const walk = (root) => {
    for (const el of root.querySelectorAll('*')) {
      if (el.tagName === 'IFRAME' && /\\/panel\\.html(\\?|$)/.test(el.src)) return el;
      if (el.shadowRoot) { const found = walk(el.shadowRoot); if (found) return found; }
    }
    return null;
  };
  const frame = walk(document);
  if (!frame) return null;
  const r = frame.getBoundingClientRect();
  return { x: r.x, y: r.y, width: r.width, height: r.height };
})()`;

/** The panel iframe's box in the DevTools page, in CSS pixels. */
export async function panelBox(
  devtools: CdpSession,
): Promise<{ x: number; y: number; width: number; height: number } | null> {
  return devtools.evaluate(PANEL_RECT);
}

/** Captures the panel as `<name>.png` and returns the file's path. */
export async function screenshotPanel(devtools: CdpSession, name: string): Promise<string> {
  const box = await panelBox(devtools);
  if (!box || box.width === 0) throw new Error('the panel iframe is not visible in DevTools');
  // A DevTools window behind another paints no frames, and a capture waits for one; a headless
  // window sometimes needs a nudge (a second bringToFront) before it paints again.
  let data = '';
  for (let attempt = 0; attempt < 3 && data === ''; attempt++) {
    await devtools.send('Page.bringToFront');
    try {
      ({ data } = await devtools.send<{ data: string }>(
        'Page.captureScreenshot',
        { format: 'png', clip: { ...box, scale: 1 } },
        8000,
      ));
    } catch (error) {
      if (attempt === 2) throw error;
    }
  }
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name.replace(/[^a-z0-9._-]+/gi, '-')}.png`);
  fs.writeFileSync(file, Buffer.from(data, 'base64'));
  return file;
}

/** Captures a whole page (the standalone panel) as `<name>.png` and returns the file's path. */
export async function screenshotPage(page: CdpSession, name: string): Promise<string> {
  await page.send('Page.bringToFront');
  const { data } = await page.send<{ data: string }>(
    'Page.captureScreenshot',
    { format: 'png' },
    8000,
  );
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name.replace(/[^a-z0-9._-]+/gi, '-')}.png`);
  fs.writeFileSync(file, Buffer.from(data, 'base64'));
  return file;
}
