/**
 * The OpenID Connect providers people can sign in with (ORCID, Google), read from the environment. A provider is on
 * when its client id and secret are both set; a provider with only part of its settings is a configuration error (a
 * forgotten secret must not quietly hide the button). The issuer defaults to the provider's real one, so production
 * needs only the id and secret; tests and `npm start` point it at a local stand-in (scripts/oidc-stand-in.mjs).
 */

export const socialProviderIds = ["orcid", "google"] as const;
export type SocialProviderId = (typeof socialProviderIds)[number];

export interface SocialProvider {
  id: SocialProviderId;
  /** What the button says: "Continue with ORCID". */
  name: string;
  clientId: string;
  clientSecret: string;
  /** The issuer URL without a trailing slash; its discovery document is at /.well-known/openid-configuration. */
  issuer: string;
}

/** What the browser may know about a provider: never the client secret. */
export interface PublicSocialProvider {
  id: SocialProviderId;
  name: string;
}

const catalogue: Record<SocialProviderId, { name: string; prefix: "ORCID" | "GOOGLE"; issuer: string; scopes: string[] }> = {
  // ORCID's OpenID Connect: the iD is the subject; an email arrives only when the researcher made one visible to us.
  orcid: { name: "ORCID", prefix: "ORCID", issuer: "https://orcid.org", scopes: ["openid"] },
  google: { name: "Google", prefix: "GOOGLE", issuer: "https://accounts.google.com", scopes: ["openid", "email", "profile"] },
};

export function providerScopes(id: SocialProviderId): string[] {
  return catalogue[id].scopes;
}

export type SocialBindings = Partial<Record<`${"ORCID" | "GOOGLE"}_${"CLIENT_ID" | "CLIENT_SECRET" | "ISSUER"}`, string>>;

function isLocal(url: URL): boolean {
  return ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
}

/**
 * The configured providers, or the problems that make the configuration invalid (in the same "path: message" form
 * as the other settings). Production only talks to an https issuer; http is allowed for a stand-in on this machine.
 */
export function readSocialProviders(bindings: SocialBindings, production: boolean): { providers: SocialProvider[]; problems: string[] } {
  const providers: SocialProvider[] = [];
  const problems: string[] = [];
  for (const id of socialProviderIds) {
    const { name, prefix, issuer: defaultIssuer } = catalogue[id];
    const value = (key: "CLIENT_ID" | "CLIENT_SECRET" | "ISSUER") => bindings[`${prefix}_${key}`]?.trim() || undefined;
    const clientId = value("CLIENT_ID");
    const clientSecret = value("CLIENT_SECRET");
    const issuerSetting = value("ISSUER");
    if (!clientId && !clientSecret && !issuerSetting) continue;
    if (!clientId || !clientSecret) {
      const missing = [!clientId && `${prefix}_CLIENT_ID`, !clientSecret && `${prefix}_CLIENT_SECRET`].filter(Boolean).join(" and ");
      problems.push(`${prefix}_CLIENT_ID: ${name} sign-in is half configured (${missing} missing); set all of it or none`);
      continue;
    }
    let issuer: URL;
    try {
      issuer = new URL(issuerSetting ?? defaultIssuer);
    } catch {
      problems.push(`${prefix}_ISSUER: must be a URL`);
      continue;
    }
    if (issuer.protocol !== "https:" && !(issuer.protocol === "http:" && (!production || isLocal(issuer)))) {
      problems.push(`${prefix}_ISSUER: must be https:// (http:// only for a stand-in on this machine)`);
      continue;
    }
    providers.push({ id, name, clientId, clientSecret, issuer: issuer.href.replace(/\/+$/, "") });
  }
  return { providers, problems };
}

export function publicProviders(providers: SocialProvider[]): PublicSocialProvider[] {
  return providers.map(({ id, name }) => ({ id, name }));
}
