/**
 * The inspected tab as the test sees it: navigate, evaluate, and read what the test page
 * reported. Test pages publish their outcome as a promise in `window.__e2eResult`.
 */
import { attach, listTargets, type CdpConnection, type CdpSession } from './cdp.ts';
import { waitFor } from './processes.ts';

/** A page session with navigation and result helpers. */
export class InspectedPage {
  constructor(readonly session: CdpSession) {}

  /** Navigates and waits until `url` finished loading (`readyState` complete). */
  async navigate(url: string, timeoutMs = 30_000): Promise<void> {
    const reply = await this.session.send<{ errorText?: string }>('Page.navigate', { url });
    if (reply.errorText) throw new Error(`navigation to ${url} failed: ${reply.errorText}`);
    const expected = JSON.stringify(url);
    await waitFor(
      () =>
        this.session.evaluate<boolean>(
          `location.href === ${expected} && document.readyState === 'complete'`,
        ),
      `${url} to load`,
      timeoutMs,
    );
  }

  /** Closes the tab. */
  async close(): Promise<void> {
    await this.session.cdp
      .send('Target.closeTarget', { targetId: this.session.targetId })
      .catch(() => undefined);
  }

  /** Evaluates an expression in the page's main world and returns its JSON value. */
  evaluate<T>(expression: string, timeoutMs?: number): Promise<T> {
    return this.session.evaluate<T>(expression, timeoutMs);
  }

  /**
   * Waits for the test page's `window.__e2eResult` promise and returns its value. A page that
   * failed rejects that promise; the rejection surfaces here as an Error.
   */
  async result<T>(timeoutMs = 60_000): Promise<T> {
    await waitFor(
      () => this.session.evaluate<boolean>(`'__e2eResult' in window`),
      'the page to publish window.__e2eResult',
      timeoutMs,
    );
    return this.session.evaluate<T>(
      `Promise.resolve(window.__e2eResult).catch((error) => { throw new Error('page failed: ' + (error && error.stack || error)); })`,
      timeoutMs,
    );
  }
}

/** Opens a plain tab (no DevTools wanted) on about:blank and returns its page driver. */
export async function openPage(cdp: CdpConnection): Promise<InspectedPage> {
  const { targetId } = await cdp.send<{ targetId: string }>('Target.createTarget', {
    url: 'about:blank',
  });
  const target = (await listTargets(cdp)).find((candidate) => candidate.targetId === targetId);
  if (!target) throw new Error('the new tab vanished');
  return new InspectedPage(await attach(cdp, target));
}
