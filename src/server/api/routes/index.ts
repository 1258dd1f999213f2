/** Every JSON API route (PRODUCT.md section 6), one file per area. */
import type { Route } from "../router";
import { activityRoutes } from "./activity";
import { adminRoutes } from "./admin";
import { devRoutes } from "./dev";
import { docsRoutes } from "./docs";
import { imageRoutes } from "./images";
import { invitationRoutes } from "./invitations";
import { liveRoutes } from "./live";
import { meRoutes } from "./me";
import { memberRoutes } from "./members";
import { orgRoutes } from "./orgs";
import { profileRoutes } from "./profile";
import { projectRoutes } from "./projects";
import { settingsRoutes } from "./settings";

export const routes: Route[] = [...orgRoutes, ...profileRoutes, ...projectRoutes, ...invitationRoutes, ...memberRoutes, ...settingsRoutes, ...meRoutes, ...activityRoutes, ...liveRoutes, ...imageRoutes, ...adminRoutes, ...devRoutes, ...docsRoutes(() => routes)];
