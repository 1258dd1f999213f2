/**
 * Sign-in with ORCID and Google, on Better Auth's generic OAuth plugin (OpenID Connect discovery from each issuer;
 * docs/adr/0012).
 * Both go through the generic plugin rather than Better Auth's built-in Google provider, which has Google's addresses
 * written into it: one code path for both providers, and one that the local stand-in can play in tests and
 * `npm start`. Better Auth keeps the `state` (stored in D1, bound to a signed cookie), sends a PKCE challenge and an
 * OpenID nonce, and checks the ID token's signature, issuer and audience against the provider's published keys.
 *
 * Linking, as Better Auth decides it with these settings:
 * - signing in with a provider whose *verified* email matches an account links the provider to it (neither provider
 *   is "trusted", so an unverified provider email never links; the sign-in is refused with account_not_linked);
 * - a signed-in person may link a provider from /account, even one with another address (they proved both);
 * - unlinking never removes the last sign-in method.
 * A new account made by a provider with an unverified email gets no session until the address is verified, as with
 * a password sign-up.
 */
import type { BetterAuthOptions } from "better-auth";
import { genericOAuth, type GenericOAuthConfig } from "better-auth/plugins/generic-oauth";
import type { AppEnv } from "./env";
import { providerScopes } from "./social-providers";

/** Where a failed or refused provider sign-in lands when its own error page is unknown (a state we never issued). */
export function socialErrorURL(env: AppEnv): string {
  return `${env.appUrl}/signin?social=failed`;
}

/** Better Auth's plugins for the configured providers (none when no provider is configured). */
export function socialPlugins(env: AppEnv) {
  if (env.social.length === 0) return [];
  const config = env.social.map(
    (p): GenericOAuthConfig => ({
      providerId: p.id,
      name: p.name,
      clientId: p.clientId,
      clientSecret: p.clientSecret,
      discoveryUrl: `${p.issuer}/.well-known/openid-configuration`,
      // Identity comes from the ID token's claims, so a provider whose keys cannot be found is not offered at all
      // rather than one whose tokens are read unverified.
      requireIdTokenVerification: true,
      scopes: providerScopes(p.id),
      pkce: true,
      requireEmailVerification: true,
    }),
  );
  const plugin = genericOAuth({ config });
  // The plugin reads each discovery document when Better Auth starts, and Better Auth starts when the isolate's auth
  // instance is built: during whichever request first reads a session, often one that never waits for it. On Workers
  // a fetch begun by a request that has ended never settles, and every later request waiting on the start would hang
  // with it. So the start fetches nothing: every provider begins as "discovery pending", which the plugin's own hook
  // resolves inside the first request that names the provider (sign-in, link or callback), awaited by that request
  // and bounded by the plugin's 10 s timeout; a failed discovery stays pending and is tried again by the next one.
  plugin.init = async (ctx) => ({
    context: { socialProviders: ctx.socialProviders, genericOAuthPendingDiscovery: new Map(config.map((c) => [c.providerId, c])) },
  });
  return [plugin];
}

export const socialAccountOptions = {
  accountLinking: {
    enabled: true,
    // An explicit link from /account may name another address: the person is signed in and signs in at the provider.
    allowDifferentEmails: true,
    // The local account must have a verified address too before a provider is linked to it by email.
    requireLocalEmailVerified: true,
  },
} satisfies BetterAuthOptions["account"];
