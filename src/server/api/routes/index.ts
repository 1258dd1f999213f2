/** Every JSON API route (PRODUCT.md section 6), one file per area. */
import type { Route } from "../router";
import { devRoutes } from "./dev";
import { invitationRoutes } from "./invitations";
import { orgRoutes } from "./orgs";

export const routes: Route[] = [...orgRoutes, ...invitationRoutes, ...devRoutes];
