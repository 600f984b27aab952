import { beforeEach, describe, expect, it, vi } from 'vitest';

type Handler = (...args: any[]) => any;

const electron = vi.hoisted(() => {
  const appHandlers = new Map<string, Handler>();
  const fake = {
    appHandlers,
    app: { on: vi.fn((event: string, handler: Handler) => appHandlers.set(event, handler)) },
    shell: { openExternal: vi.fn(() => Promise.resolve()) },
    session: {
      defaultSession: {
        setPermissionRequestHandler: vi.fn(),
        setPermissionCheckHandler: vi.fn(),
        webRequest: { onHeadersReceived: vi.fn() },
      },
    },
  };
  return fake;
});
vi.mock('electron', () => ({ app: electron.app, shell: electron.shell, session: electron.session }));

import {
  CONTENT_SECURITY_POLICY,
  applySecurityRestrictions,
  isAllowedNavigation,
  isAppResponse,
  isSafeExternalUrl,
  isTrustedSender,
  secureWebPreferences,
  withContentSecurityPolicy,
} from '../../../src/main/shell/security-restrictions';

const FILE_APP = 'file:///opt/Container%20Kit/out/renderer/index.html';
const DEV_APP = 'http://localhost:5173';

function fakeWebContents() {
  const handlers = new Map<string, Handler>();
  let openHandler: Handler | undefined;
  return {
    handlers,
    open: (url: string) => openHandler!({ url, frameName: '', features: '' }),
    on: vi.fn((event: string, handler: Handler) => {
      handlers.set(event, handler);
    }),
    setWindowOpenHandler: vi.fn((handler: Handler) => {
      openHandler = handler;
    }),
  };
}

function navEvent(url: string) {
  return { url, preventDefault: vi.fn() };
}

describe('secureWebPreferences', () => {
  it('turns on every isolation flag and sets the preload', () => {
    expect(secureWebPreferences('/app/out/preload/index.cjs')).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    });
  });
});

describe('isAllowedNavigation', () => {
  it.each([
    [FILE_APP],
    [`${FILE_APP}#/containers/abc`],
    [`${FILE_APP}?x=1`],
    ['file:///opt/Container Kit/out/renderer/index.html'],
    ['file:///opt/Container%20Kit/out/renderer/../renderer/index.html'],
  ])('allows the app page %s (file app)', (url) => {
    expect(isAllowedNavigation(url, FILE_APP)).toBe(true);
  });

  it.each([
    ['file:///opt/Container%20Kit/out/renderer/other.html'],
    ['file:///etc/passwd'],
    ['file://evil-host/opt/Container%20Kit/out/renderer/index.html'],
    ['https://example.com/opt/Container%20Kit/out/renderer/index.html'],
    ['http://localhost:5173/'],
    ['javascript:alert(1)'],
    ['data:text/html,<script>1</script>'],
    ['not a url'],
    [''],
  ])('blocks %s (file app)', (url) => {
    expect(isAllowedNavigation(url, FILE_APP)).toBe(false);
  });

  it.each([[`${DEV_APP}/`], [`${DEV_APP}/#/settings`], [`${DEV_APP}/some/route?q=1`]])('allows %s (dev server)', (url) => {
    expect(isAllowedNavigation(url, DEV_APP)).toBe(true);
  });

  it.each([
    ['http://localhost:5174/'],
    ['https://localhost:5173/'],
    ['http://127.0.0.1:5173/'],
    ['http://localhost.evil.com:5173/'],
    ['http://localhost:5173@evil.com/'],
    ['https://example.com/'],
    ['file:///index.html'],
  ])('blocks %s (dev server)', (url) => {
    expect(isAllowedNavigation(url, DEV_APP)).toBe(false);
  });

  it('trusts nothing when the app URL itself is unusable', () => {
    expect(isAllowedNavigation('about:blank', 'about:blank')).toBe(false);
    expect(isAllowedNavigation('x', 'not a url')).toBe(false);
  });
});

describe('isSafeExternalUrl', () => {
  it.each([['https://docs.docker.com/network/'], ['http://localhost:8080/'], ['HTTPS://EXAMPLE.COM']])('allows %s', (url) =>
    expect(isSafeExternalUrl(url)).toBe(true),
  );
  it.each([
    ['file:///etc/passwd'],
    ['javascript:alert(1)'],
    ['smb://server/share'],
    ['data:text/html,hi'],
    ['vbscript:msgbox'],
    ['ms-msdt:/id'],
    ['https://user:pass@example.com/'],
    ['https://'],
    ['not a url'],
    [''],
  ])('refuses %s', (url) => expect(isSafeExternalUrl(url)).toBe(false));
});

describe('isTrustedSender', () => {
  it('accepts the app page, also with a hash route', () => {
    expect(isTrustedSender({ url: FILE_APP }, FILE_APP)).toBe(true);
    expect(isTrustedSender({ url: `${FILE_APP}#/x` }, FILE_APP)).toBe(true);
    expect(isTrustedSender({ url: `${DEV_APP}/#/x` }, DEV_APP)).toBe(true);
  });
  it('rejects other origins, other files, a null frame and malformed frames', () => {
    expect(isTrustedSender({ url: 'https://evil.example/' }, FILE_APP)).toBe(false);
    expect(isTrustedSender({ url: 'file:///tmp/index.html' }, FILE_APP)).toBe(false);
    expect(isTrustedSender({ url: 'file:///opt/Container%20Kit/out/renderer/x.html' }, FILE_APP)).toBe(false);
    expect(isTrustedSender({ url: 'http://localhost:9999/' }, DEV_APP)).toBe(false);
    expect(isTrustedSender({ url: '' }, FILE_APP)).toBe(false);
    expect(isTrustedSender(null, FILE_APP)).toBe(false);
    expect(isTrustedSender(undefined, FILE_APP)).toBe(false);
    expect(isTrustedSender({ url: 42 } as unknown as { url: string }, FILE_APP)).toBe(false);
  });
});

describe('Content-Security-Policy', () => {
  it('matches the policy of the renderer meta tag', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; " +
        "frame-ancestors 'none'",
    );
  });
  it('replaces a server policy whatever its header case, keeping other headers', () => {
    const headers = withContentSecurityPolicy({ 'content-security-policy': ['default-src *'], 'X-A': ['1'] });
    expect(headers).toEqual({ 'X-A': ['1'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
    expect(withContentSecurityPolicy(undefined)).toEqual({ 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  });
  it('considers the renderer folder and the dev origin as the app', () => {
    expect(isAppResponse('file:///opt/Container%20Kit/out/renderer/assets/a.js', FILE_APP)).toBe(true);
    expect(isAppResponse('file:///opt/Container%20Kit/out/main/index.js', FILE_APP)).toBe(false);
    expect(isAppResponse('file:///opt/Container%20Kit/out/renderer/../main/x', FILE_APP)).toBe(false);
    expect(isAppResponse(`${DEV_APP}/src/main.ts`, DEV_APP)).toBe(true);
    expect(isAppResponse('https://cdn.example/x.js', DEV_APP)).toBe(false);
  });
});

describe('applySecurityRestrictions (wiring)', () => {
  const ses = electron.session.defaultSession;

  beforeEach(() => {
    vi.clearAllMocks();
    electron.appHandlers.clear();
    applySecurityRestrictions(FILE_APP);
  });

  function created() {
    const contents = fakeWebContents();
    electron.appHandlers.get('web-contents-created')!({}, contents);
    return contents;
  }

  it('hooks every new web contents', () => {
    const contents = created();
    expect([...contents.handlers.keys()].sort()).toEqual(['will-attach-webview', 'will-navigate', 'will-redirect']);
    expect(contents.setWindowOpenHandler).toHaveBeenCalledTimes(1);
  });

  it.each(['will-navigate', 'will-redirect'])('%s blocks other origins and allows the app', (name) => {
    const contents = created();
    const away = navEvent('https://evil.example/');
    contents.handlers.get(name)!(away, away.url);
    expect(away.preventDefault).toHaveBeenCalled();
    const home = navEvent(`${FILE_APP}#/containers`);
    contents.handlers.get(name)!(home, home.url);
    expect(home.preventDefault).not.toHaveBeenCalled();
  });

  it('prevents attaching a webview', () => {
    const event = { preventDefault: vi.fn() };
    created().handlers.get('will-attach-webview')!(event, {}, {});
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('denies every new window and opens only http(s) externally', () => {
    const contents = created();
    expect(contents.open('https://docs.docker.com/')).toEqual({ action: 'deny' });
    expect(electron.shell.openExternal).toHaveBeenCalledWith('https://docs.docker.com/');
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', `${FILE_APP}#/x`]) {
      expect(contents.open(url)).toEqual({ action: 'deny' });
    }
    expect(electron.shell.openExternal).toHaveBeenCalledTimes(1);
  });

  it('survives openExternal failing', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    electron.shell.openExternal.mockImplementationOnce(() => Promise.reject(new Error('no browser')));
    expect(created().open('https://example.com/')).toEqual({ action: 'deny' });
    await new Promise((r) => setTimeout(r, 0));
    expect(warn).toHaveBeenCalled();
    warn.mockRestore();
  });

  it('denies every permission request and check', () => {
    const request = ses.setPermissionRequestHandler.mock.calls[0][0] as Handler;
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read']) {
      const callback = vi.fn();
      request({}, permission, callback, {});
      expect(callback).toHaveBeenCalledWith(false);
    }
    const check = ses.setPermissionCheckHandler.mock.calls[0][0] as Handler;
    expect(check({}, 'media', 'file://', {})).toBe(false);
    expect(check(null, 'notifications', 'https://x', {})).toBe(false);
  });

  it('adds the CSP header to app responses only', () => {
    const listener = ses.webRequest.onHeadersReceived.mock.calls[0][0] as Handler;
    const callback = vi.fn();
    listener({ url: FILE_APP, responseHeaders: { 'Content-Type': ['text/html'] } }, callback);
    expect(callback).toHaveBeenCalledWith({
      responseHeaders: { 'Content-Type': ['text/html'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
    const other = vi.fn();
    listener({ url: 'https://example.com/', responseHeaders: { A: ['1'] } }, other);
    expect(other).toHaveBeenCalledWith({});
  });
});
