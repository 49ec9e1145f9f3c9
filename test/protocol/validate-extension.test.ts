import { describe, expect, it } from 'vitest';
import {
  CHANNEL,
  parseCommandMessage,
  parsePanelRequest,
  parseRelayMessage,
} from '../../src/protocol/index.ts';
import { HASH, moduleReport } from './fixtures.ts';

describe('parseRelayMessage', () => {
  it('accepts a tagged report with a drop count', () => {
    const message = { channel: CHANNEL, kind: 'report', report: moduleReport(), dropped: 3 };
    expect(parseRelayMessage(message)).toEqual(message);
  });

  it('rejects other channels, bad counts and bad reports', () => {
    expect(
      parseRelayMessage({ channel: 'other', kind: 'report', report: moduleReport(), dropped: 0 }),
    ).toBeNull();
    expect(
      parseRelayMessage({ channel: CHANNEL, kind: 'report', report: moduleReport(), dropped: -1 }),
    ).toBeNull();
    expect(
      parseRelayMessage({
        channel: CHANNEL,
        kind: 'report',
        report: { kind: 'module' },
        dropped: 0,
      }),
    ).toBeNull();
  });
});

describe('parsePanelRequest and parseCommandMessage', () => {
  it('accept well-formed requests and reject the rest', () => {
    expect(parsePanelRequest({ kind: 'subscribe', tabId: 7 })).toEqual({
      kind: 'subscribe',
      tabId: 7,
    });
    expect(parsePanelRequest({ kind: 'subscribe', tabId: '7' })).toBeNull();
    expect(parsePanelRequest({ kind: 'fetch-bytes', hash: HASH })).not.toBeNull();
    expect(parsePanelRequest({ kind: 'fetch-bytes', hash: 'zz' })).toBeNull();
    expect(
      parseCommandMessage({ channel: CHANNEL, kind: 'command', command: { kind: 'announce' } }),
    ).toEqual({ kind: 'announce' });
    expect(
      parseCommandMessage({ channel: CHANNEL, kind: 'command', command: { kind: 'rm -rf' } }),
    ).toBeNull();
  });
});
