// Which credential the viewer sends. Either the platform's own `polos_auth` cookie (the browser sends it; the
// viewer never sees it), or a token pasted into the sign-in form: kept in this tab's sessionStorage and sent in
// the Authorization header. Never in a URL, so it reaches neither access logs nor history nor Referer.
//
// EventSource cannot set headers, so for the live stream a pasted JWT is also written as a `polos_auth` session
// cookie limited to the executions' paths (/api/v1/executions/), same-site only. API keys are accepted only in
// the Authorization header: with one, the execution page polls instead of streaming.

const STORAGE_KEY = 'runlens.viewer.token';
const COOKIE = 'polos_auth';
const COOKIE_PATH = '/api/v1/executions/';
const API_KEY_PREFIX = 'rlk_';

/** The pasted token of this tab, or null when the viewer relies on the platform's cookie. */
export function token() {
  try {
    return sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

/** True when the pasted credential is an API key (header only: no cookie, no stream). */
export function isApiKey() {
  return (token() ?? '').startsWith(API_KEY_PREFIX);
}

/** Keeps a pasted token for this tab. */
export function signIn(value) {
  const trimmed = value.trim();
  if (!trimmed) return;
  sessionStorage.setItem(STORAGE_KEY, trimmed);
  writeStreamCookie();
}

/** Forgets the pasted token and its stream cookie. */
export function signOut() {
  sessionStorage.removeItem(STORAGE_KEY);
  document.cookie = `${COOKIE}=; Path=${COOKIE_PATH}; Max-Age=0; SameSite=Strict${secure()}`;
}

/** Headers for a fetch: the pasted token as a bearer credential, else none (the cookie, if any, goes by itself). */
export function authorization() {
  const value = token();
  return value ? { Authorization: `Bearer ${value}` } : {};
}

/** Writes the stream cookie for a pasted JWT (again after a reload); a no-op for cookies of the platform's own. */
export function writeStreamCookie() {
  const value = token();
  if (!value || isApiKey() || !/^[A-Za-z0-9._~+/=-]+$/.test(value)) return;
  document.cookie = `${COOKIE}=${value}; Path=${COOKIE_PATH}; SameSite=Strict${secure()}`;
}

function secure() {
  return location.protocol === 'https:' ? '; Secure' : '';
}
