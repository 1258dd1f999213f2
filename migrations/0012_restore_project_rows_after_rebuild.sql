-- Custom SQL migration file, put your code below! ---- Puts back what dropping the old projects table cascaded away (see 0009), then removes the copies.
INSERT INTO `project_members` (`id`, `projectId`, `userId`, `role`, `joinedAt`)
  SELECT `id`, `projectId`, `userId`, `role`, `joinedAt` FROM `_keep_project_members` WHERE true
  ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO `project_invitations` (`id`, `orgId`, `projectId`, `email`, `role`, `orgRole`, `status`, `token`, `invitedBy`, `expiresAt`, `acceptedAt`, `createdAt`, `updatedAt`)
  SELECT `id`, `orgId`, `projectId`, `email`, `role`, `orgRole`, `status`, `token`, `invitedBy`, `expiresAt`, `acceptedAt`, `createdAt`, `updatedAt` FROM `_keep_project_invitations` WHERE true
  ON CONFLICT DO NOTHING;
--> statement-breakpoint
DROP TABLE `_keep_project_members`;
--> statement-breakpoint
DROP TABLE `_keep_project_invitations`;
