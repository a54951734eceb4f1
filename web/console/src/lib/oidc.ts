import type { User, UserManager } from 'oidc-client-ts';
import { api } from '../api/client';
import type { DirectoryStaff } from '../api/types';
import type { OidcSignIn } from './runtime-config';
import { clearSession, type Session, type StaffMember } from './session';

/**
 * Sign-in by OIDC authorization code + PKCE (oidc-client-ts), for any
 * provider named in /config.json; Cognito's user pool on AWS. The library is
 * imported only here and only when the configuration says oidc, so the local
 * console (the staff picker) never loads it.
 */

const managers = new Map<string, Promise<UserManager>>();

/** One UserManager per provider and client, created on first use. */
export function userManager(settings: OidcSignIn): Promise<UserManager> {
  const key = `${settings.authority} ${settings.clientId}`;
  let manager = managers.get(key);
  if (!manager) {
    manager = import('oidc-client-ts').then(({ UserManager, WebStorageStateStore }) => {
      // The tab's storage, as for the local session: closing the tab forgets the user and any half-done sign-in.
      const store = () => new WebStorageStateStore({ store: window.sessionStorage });
      return new UserManager({
        authority: settings.authority,
        client_id: settings.clientId,
        redirect_uri: settings.redirectUri,
        post_logout_redirect_uri: settings.postLogoutRedirectUri,
        response_type: 'code',
        scope: settings.scope ?? 'openid profile',
        userStore: store(),
        stateStore: store(),
        // Tokens are not renewed in the background (no hidden frames, no refresh token kept in the page):
        // when the access token expires, the API's 401 sends staff back to sign in.
        automaticSilentRenew: false,
        ...(settings.endSessionEndpoint ? { metadataSeed: { end_session_endpoint: settings.endSessionEndpoint } } : {}),
      });
    });
    managers.set(key, manager);
  }
  return manager;
}

/** Off to the provider's sign-in page (the code verifier stays in sessionStorage for the way back). */
export async function signInRedirect(settings: OidcSignIn): Promise<void> {
  await (await userManager(settings)).signinRedirect();
}

/**
 * Back from the provider at /auth/callback: the code is exchanged for tokens,
 * and the console's session made of the access token and the staff member
 * the API resolves it to (GET /me). A sign-in the API does not accept (no
 * configured staff member of that name) leaves no user behind.
 */
export async function completeSignIn(settings: OidcSignIn): Promise<Session> {
  const manager = await userManager(settings);
  const user = await manager.signinRedirectCallback();
  try {
    return sessionOf(user, await signedInStaff(user.access_token));
  } catch (error) {
    await manager.removeUser();
    throw error;
  }
}

/** The staff member the API resolves the token to: the token is not the session's yet, so it is sent here explicitly. */
async function signedInStaff(accessToken: string): Promise<DirectoryStaff> {
  const { data } = await api.GET('/me', { headers: { Authorization: `Bearer ${accessToken}` } });
  return data!;
}

/** Forgets the session here and at the provider, which then returns staff to the console's start page. */
export async function signOutRedirect(settings: OidcSignIn): Promise<void> {
  clearSession();
  const manager = await userManager(settings);
  const user = await manager.getUser();
  const params = { ...settings.signOutParams };
  // Without an id token oidc-client-ts names the client itself; the same parameter twice would confuse the provider.
  if (!user?.id_token && params.client_id === settings.clientId) delete params.client_id;
  await manager.signoutRedirect({ extraQueryParams: params });
}

/**
 * The console's session: the provider's access token, which the API takes
 * (Cognito's names the staff id as `username`), its expiry, and who the API
 * says it is — name, jurisdiction, unit and roles from the configuration,
 * not guessed from the token's claims.
 */
export function sessionOf(user: User, staff: StaffMember): Session {
  return {
    token: user.access_token,
    staff,
    ...(user.expires_at ? { expiresAt: user.expires_at * 1000 } : {}),
  };
}
