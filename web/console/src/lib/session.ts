/** The signed-in staff member, kept for the browser tab (sessionStorage). */
export interface StaffMember {
  id: string;
  name: string;
  jurisdiction: string;
  unit?: string;
  roles: string[];
}

export interface Session {
  token: string;
  staff: StaffMember;
}

const KEY = 'xinfang.session';

export function readSession(): Session | undefined {
  try {
    const raw = sessionStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : undefined;
  } catch {
    return undefined;
  }
}

export function saveSession(session: Session): void {
  sessionStorage.setItem(KEY, JSON.stringify(session));
}

export function clearSession(): void {
  sessionStorage.removeItem(KEY);
}
