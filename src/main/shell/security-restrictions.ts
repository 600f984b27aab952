import { app, session, shell, type WebContents, type WebPreferences } from 'electron';

/**
 * Every Electron hardening rule lives here, so a review of the app's attack surface reads one file.
 * The page only ever talks to the main process through the preload bridge, and only the app's own
 * page (its file:// entry, or the dev server in development) may do that.
 */

/** Must stay identical to the renderer's meta tag: the header also covers responses the tag cannot. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
  };
}

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

function decodedPath(url: URL): string | undefined {
  try {
    return decodeURIComponent(url.pathname);
  } catch {
    return undefined;
  }
}

/**
 * Whether `url` is the app's own page. For a file:// app only the exact entry file counts (any other
 * local file would otherwise be trusted); query and hash are ignored because the router uses the hash.
 * For the dev server the whole origin counts.
 */
export function isAllowedNavigation(url: string, appUrl: string): boolean {
  const target = parse(url);
  const app = parse(appUrl);
  if (!target || !app) return false;
  if (app.protocol === 'file:') {
    if (target.protocol !== 'file:' || target.host !== app.host) return false;
    const path = decodedPath(target);
    return path !== undefined && path === decodedPath(app);
  }
  if (app.protocol !== 'http:' && app.protocol !== 'https:') return false;
  return target.origin === app.origin;
}

/** Only web links leave the app; `file:`, `javascript:`, `smb:` and friends could run or leak things. */
export function isSafeExternalUrl(url: string): boolean {
  const parsed = parse(url);
  if (!parsed) return false;
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
  // Credentials in a link are a classic way to disguise the real host from the user.
  return parsed.hostname !== '' && parsed.username === '' && parsed.password === '';
}

/** IPC is answered only for the app's own page, never for a frame that navigated or was injected. */
export function isTrustedSender(frame: { url: string } | null | undefined, appUrl: string): boolean {
  if (!frame || typeof frame.url !== 'string') return false;
  return isAllowedNavigation(frame.url, appUrl);
}

/** Replaces any policy the server sent (in any header case) with ours. */
export function withContentSecurityPolicy(headers: Record<string, string | string[]> | undefined): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') result[name] = value;
  }
  result['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
  return result;
}

export function openExternalIfSafe(url: string): void {
  if (!isSafeExternalUrl(url)) return;
  shell.openExternal(url).catch((error: unknown) => {
    console.warn('[security] could not open external link', error);
  });
}

export function hardenWebContents(contents: WebContents, appUrl: string): void {
  const blockForeign = (event: { url: string; preventDefault(): void }): void => {
    if (!isAllowedNavigation(event.url, appUrl)) event.preventDefault();
  };
  contents.on('will-navigate', blockForeign);
  contents.on('will-redirect', blockForeign);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openExternalIfSafe(url);
    return { action: 'deny' };
  });
}

/**
 * Call once the app is ready (sessions exist only then) and before the first window: the
 * `web-contents-created` hook then sees every page the app will ever create.
 */
export function applySecurityRestrictions(appUrl: string): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, appUrl));

  const ses = session.defaultSession;
  // The app needs no camera, notifications-from-page, geolocation, etc.: deny before asking anyone.
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.webRequest.onHeadersReceived((details, callback) => {
    if (!isAppResponse(details.url, appUrl)) {
      callback({});
      return;
    }
    callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders) });
  });
}

/** Any response from the app's origin (dev server) or from its renderer folder (file://). */
export function isAppResponse(url: string, appUrl: string): boolean {
  const target = parse(url);
  const app = parse(appUrl);
  if (!target || !app) return false;
  if (app.protocol === 'file:') {
    const appDir = decodedPath(app)?.replace(/[^/]*$/, '');
    const path = decodedPath(target);
    if (target.protocol !== 'file:' || target.host !== app.host) return false;
    return appDir !== undefined && path !== undefined && path.startsWith(appDir);
  }
  return isAllowedNavigation(url, appUrl);
}
