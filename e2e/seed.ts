/**
 * A workspace with everything a page can show (members, a pending invitation, a project with members), made through
 * the JSON API: shared by the phone-width walk (phone.spec.ts) and the screenshots (visual.spec.ts).
 */
import { expect, type Browser, type Page } from "@playwright/test";
import { addProjectMemberViaApi, createOrgViaApi, createProjectViaApi, createVerifiedUser, joinOrg, waitForEmail } from "./fixtures";

/** A suffix that keeps slugs and addresses unique across runs on one database. */
/** Always the same length, so a screenshot's layout never depends on it. */
export const runId = () => `${Date.now().toString(36).padStart(9, "0")}${Math.random().toString(36).slice(2, 6).padEnd(4, "0")}`;

/** `owner` invites `email` to the org (or a project of it) and returns the invitation's id and emailed link. */
export async function inviteViaApi(owner: Page, orgId: string, email: string, projectId?: string) {
  const url = projectId ? `/api/orgs/${orgId}/projects/${projectId}/invitations` : `/api/orgs/${orgId}/invitations`;
  const res = await owner.request.post(url, { data: { email, role: "member" } });
  expect(res.status(), await res.text()).toBe(201);
  const { id } = (await res.json()) as { id: string };
  const mail = await waitForEmail(owner.request, email, /invited you/i);
  return { id, path: new URL(mail.link).pathname };
}

export interface SeedNames {
  owner: string;
  ownerEmail?: string;
  org: string;
  slug?: string;
  member: string;
  memberEmail?: string;
  pendingEmail?: string;
  project: string;
  description: string;
}

/** The owner is signed in on `page`; a second person joins the org and the project; one invitation stays pending. */
export async function seedWorkspace(page: Page, browser: Browser, names: SeedNames) {
  const owner = await createVerifiedUser(page, { name: names.owner, email: names.ownerEmail });
  const org = await createOrgViaApi(page, names.org, names.slug);
  // The member is made here rather than with newPerson, so their address has a fixed length too.
  const memberContext = await browser.newContext();
  const memberPage = await memberContext.newPage();
  const memberUser = await createVerifiedUser(memberPage, { name: names.member, email: names.memberEmail ?? `member-${runId()}@example.com` });
  const me = (await (await memberPage.request.get("/api/me")).json()) as { user: { id: string } };
  const member = { context: memberContext, page: memberPage, ...memberUser, id: me.user.id };
  await joinOrg(page, member, org.id, "member");
  const project = await createProjectViaApi(page, org.id, names.project, names.description);
  await addProjectMemberViaApi(page, org.id, project.id, member.id, "member");
  const pendingEmail = names.pendingEmail ?? `pending-colleague-${runId()}@example.com`;
  const pending = await inviteViaApi(page, org.id, pendingEmail);
  return { owner, org, member, project, pending, pendingEmail };
}
