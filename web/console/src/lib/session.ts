/** The signed-in staff member, kept for the browser tab (sessionStorage). */
export interface StaffMember {
  id: string;
  name: string;
  jurisdiction: string;
  unit?: string;
  roles: string[];
}

export interface Session {
  /** The bearer token the API takes: the local runtime's, or the identity provider's access token. */
  token: string;
  staff: StaffMember;
  /** When the token expires (ms since the epoch); a session past it is gone, so staff sign in again before the API says 401. */
  expiresAt?: number;
}

const KEY = 'xinfang.session';

export function readSession(): Session | undefined {
  try {
    const raw = sessionStorage.getItem(KEY);
    const session = raw ? (JSON.parse(raw) as Session) : undefined;
    if (session?.expiresAt !== undefined && session.expiresAt <= Date.now()) {
      clearSession();
      return undefined;
    }
    return session;
  } catch {
    return undefined;
  }
}

/** Called whenever who is signed in changes: what one staff member was shown must not be shown to the next. */
const listeners = new Set<() => void>();
export function onSessionChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function saveSession(session: Session): void {
  sessionStorage.setItem(KEY, JSON.stringify(session));
  for (const listener of listeners) listener();
}

export function clearSession(): void {
  sessionStorage.removeItem(KEY);
  for (const listener of listeners) listener();
}
