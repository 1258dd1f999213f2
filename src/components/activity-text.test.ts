import { describe, expect, test } from "vitest";
import type { ActivityItem } from "~/server/domain/activity";
import { activitySentence } from "./activity-text";

const ann = { id: "u-ann", name: "Ann Admin" };
const entry = (action: string, target: ActivityItem["target"], data: Record<string, unknown> | null = null, actor = ann): ActivityItem => ({
  id: "a1",
  actor,
  action,
  target,
  data,
  createdAt: "2026-01-02T03:04:05.000Z",
});
const bob = { type: "user", id: "u-bob", label: "Bob Member" };

describe("activity sentences", () => {
  test.each([
    [entry("member.role_changed", bob, { from: "member", to: "admin" }), "Ann Admin changed Bob Member's role from member to admin"],
    [entry("member.role_changed", { type: "user", id: "u-ann", label: "Ann Admin" }, { from: "owner", to: "admin" }), "Ann Admin changed their own role from owner to admin"],
    [entry("member.removed", bob, { role: "member" }), "Ann Admin removed Bob Member (member) from the workspace"],
    [entry("member.left", { type: "user", id: "u-ann", label: "Ann Admin" }, { role: "admin" }), "Ann Admin left the workspace"],
    [entry("org.renamed", { type: "org", id: "o", label: "New" }, { from: "Old", to: "New" }), "Ann Admin renamed the workspace from Old to New"],
    [entry("org.slug_changed", { type: "org", id: "o", label: "New" }, { from: "old", to: "new" }), "Ann Admin changed the workspace address from /orgs/old to /orgs/new"],
    [entry("invitation.created", { type: "invitation", id: "i", label: "x@example.com" }, { role: "admin" }), "Ann Admin invited x@example.com to the workspace as admin"],
    [
      entry("invitation.created", { type: "invitation", id: "i", label: "x@example.com" }, { projectId: "p", projectName: "Trial A", role: "member", orgRole: "member" }),
      "Ann Admin invited x@example.com to the project Trial A as member",
    ],
    [entry("invitation.resent", { type: "invitation", id: "i", label: "x@example.com" }), "Ann Admin resent the invitation to x@example.com"],
    [entry("invitation.cancelled", { type: "invitation", id: "i", label: "x@example.com" }), "Ann Admin cancelled the invitation to x@example.com"],
    [
      entry("invitation.accepted", { type: "user", id: "u-cy", label: "cy@example.com" }, { role: "admin", orgRole: "admin" }, { id: "u-cy", name: "Cy New" }),
      "Cy New accepted an invitation and joined the workspace as admin",
    ],
    [entry("project.member_role_changed", bob, { projectName: "Trial A", from: "member", to: "owner" }), "Ann Admin changed Bob Member's role in the project Trial A from member to owner"],
    [entry("project.updated", { type: "project", id: "p", label: "Trial B" }, { fields: ["name"], previousName: "Trial A" }), "Ann Admin renamed the project Trial A to Trial B"],
  ])("%#: %s", (item, sentence) => {
    expect(activitySentence(item)).toBe(sentence);
  });

  test("an unknown action, or data missing fields, still reads as a sentence without throwing", () => {
    expect(activitySentence(entry("something.new", bob))).toBe("Ann Admin did “something.new” on Bob Member");
    expect(activitySentence(entry("member.role_changed", bob, null))).toBe("Ann Admin changed Bob Member's role from an unknown role to an unknown role");
  });
});
