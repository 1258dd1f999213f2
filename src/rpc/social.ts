/** Server functions for sign-in with ORCID and Google. */
import { serverQuery } from "~/lib/query";
import { configuredProviders } from "~/server/social-rpc";

export type { PublicSocialProvider } from "~/server/social-providers";

/**
 * The providers whose buttons /signin, /signup and the invitation page show: read from the settings alone, so it
 * costs no database trip (during a page's server render, none at all beyond the render).
 */
export const getSignInProviders = serverQuery(async () => {
  "use server";
  return configuredProviders();
}, "sign-in-providers");
