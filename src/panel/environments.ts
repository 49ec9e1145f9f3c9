/**
 * The two places the panel runs: inside DevTools (the extension), and as an ordinary page
 * (`npm start`). Each builds a {@link PanelEnvironment}; everything else is shared.
 */
import { localStorageOrMemory, type PanelEnvironment, type ThemeName } from './state/index.ts';
import { startAssembleWorker } from './workers/assemble/start-assemble-worker.ts';
import { startDecodeWorker } from './workers/decode/start-decode-worker.ts';
import { startSandboxWorker } from './workers/sandbox/start-sandbox-worker.ts';

/** The page's colour scheme preference, and its changes. */
function mediaTheme(): Pick<PanelEnvironment, 'theme' | 'onThemeChange'> {
  const forced = new URLSearchParams(location.search).get('theme');
  const query = matchMedia('(prefers-color-scheme: dark)');
  const current = (): ThemeName =>
    forced === 'dark' || forced === 'light' ? forced : query.matches ? 'dark' : 'light';
  return {
    theme: current,
    onThemeChange(listener) {
      const onChange = () => listener(current());
      query.addEventListener('change', onChange);
      return () => query.removeEventListener('change', onChange);
    },
  };
}

/** The standalone page's environment: no capture, theme from `prefers-color-scheme`. */
export function standaloneEnvironment(): PanelEnvironment {
  return {
    kind: 'standalone',
    createDecoder: startDecodeWorker,
    createSandbox: startSandboxWorker,
    createAssembler: startAssembleWorker,
    storage: localStorageOrMemory(),
    ...mediaTheme(),
  };
}

/** The DevTools theme as the extension API reports it (`dark` or `default`). */
export interface DevtoolsThemeSource {
  themeName?: string;
  onThemeChanged?: {
    addListener(listener: (theme: string) => void): void;
    removeListener(listener: (theme: string) => void): void;
  };
}

/** The extension panel's environment: capture on, theme from DevTools. */
export function extensionEnvironment(panels: DevtoolsThemeSource | undefined): PanelEnvironment {
  const fromDevtools = (name: string | undefined): ThemeName =>
    name === 'dark' ? 'dark' : 'light';
  const forced = new URLSearchParams(location.search).get('theme');
  return {
    kind: 'extension',
    createDecoder: startDecodeWorker,
    createSandbox: startSandboxWorker,
    createAssembler: startAssembleWorker,
    storage: localStorageOrMemory(),
    theme: () =>
      forced === 'dark' || forced === 'light' ? forced : fromDevtools(panels?.themeName),
    onThemeChange(listener) {
      // Firefox reports theme changes; Chrome reloads the panel when the theme changes.
      const onChange = (name: string) => listener(fromDevtools(name));
      panels?.onThemeChanged?.addListener(onChange);
      return () => panels?.onThemeChanged?.removeListener(onChange);
    },
  };
}
