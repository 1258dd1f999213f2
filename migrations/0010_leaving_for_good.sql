PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_invitation` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`inviterId` text,
	`organizationId` text NOT NULL,
	`role` text DEFAULT 'member' NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`token` text NOT NULL,
	`expiresAt` integer NOT NULL,
	`acceptedAt` integer,
	`createdAt` integer DEFAULT (unixepoch()) NOT NULL,
	`updatedAt` integer DEFAULT (unixepoch()) NOT NULL,
	FOREIGN KEY (`inviterId`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`organizationId`) REFERENCES `organization`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_invitation`("id", "email", "inviterId", "organizationId", "role", "status", "token", "expiresAt", "acceptedAt", "createdAt", "updatedAt") SELECT "id", "email", "inviterId", "organizationId", "role", "status", "token", "expiresAt", "acceptedAt", "createdAt", "updatedAt" FROM `invitation`;--> statement-breakpoint
DROP TABLE `invitation`;--> statement-breakpoint
ALTER TABLE `__new_invitation` RENAME TO `invitation`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `invitation_token_unique` ON `invitation` (`token`);--> statement-breakpoint
CREATE INDEX `invitation_inviterId_idx` ON `invitation` (`inviterId`);--> statement-breakpoint
CREATE INDEX `invitation_org_status_idx` ON `invitation` (`organizationId`,`status`);--> statement-breakpoint
CREATE UNIQUE INDEX `invitation_pending_uq` ON `invitation` (`organizationId`,`email`) WHERE status = 'pending';--> statement-breakpoint
CREATE TABLE `__new_project_invitations` (
	`id` text PRIMARY KEY NOT NULL,
	`orgId` text NOT NULL,
	`projectId` text NOT NULL,
	`email` text NOT NULL,
	`role` text DEFAULT 'member' NOT NULL,
	`orgRole` text DEFAULT 'member' NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`token` text NOT NULL,
	`invitedBy` text,
	`expiresAt` integer NOT NULL,
	`acceptedAt` integer,
	`createdAt` integer DEFAULT (unixepoch()) NOT NULL,
	`updatedAt` integer DEFAULT (unixepoch()) NOT NULL,
	FOREIGN KEY (`orgId`) REFERENCES `organization`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`projectId`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`invitedBy`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
INSERT INTO `__new_project_invitations`("id", "orgId", "projectId", "email", "role", "orgRole", "status", "token", "invitedBy", "expiresAt", "acceptedAt", "createdAt", "updatedAt") SELECT "id", "orgId", "projectId", "email", "role", "orgRole", "status", "token", "invitedBy", "expiresAt", "acceptedAt", "createdAt", "updatedAt" FROM `project_invitations`;--> statement-breakpoint
DROP TABLE `project_invitations`;--> statement-breakpoint
ALTER TABLE `__new_project_invitations` RENAME TO `project_invitations`;--> statement-breakpoint
CREATE UNIQUE INDEX `project_invitations_token_unique` ON `project_invitations` (`token`);--> statement-breakpoint
CREATE INDEX `project_invitations_orgId_idx` ON `project_invitations` (`orgId`);--> statement-breakpoint
CREATE INDEX `project_invitations_project_status_idx` ON `project_invitations` (`projectId`,`status`);--> statement-breakpoint
CREATE INDEX `project_invitations_invitedBy_idx` ON `project_invitations` (`invitedBy`);--> statement-breakpoint
CREATE UNIQUE INDEX `project_invitations_pending_uq` ON `project_invitations` (`projectId`,`email`) WHERE status = 'pending';--> statement-breakpoint
CREATE TABLE `__new_projects` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`orgId` text NOT NULL,
	`createdBy` text,
	`createdAt` integer DEFAULT (unixepoch()) NOT NULL,
	`updatedAt` integer DEFAULT (unixepoch()) NOT NULL,
	FOREIGN KEY (`orgId`) REFERENCES `organization`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`createdBy`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
INSERT INTO `__new_projects`("id", "name", "description", "orgId", "createdBy", "createdAt", "updatedAt") SELECT "id", "name", "description", "orgId", "createdBy", "createdAt", "updatedAt" FROM `projects`;--> statement-breakpoint
DROP TABLE `projects`;--> statement-breakpoint
ALTER TABLE `__new_projects` RENAME TO `projects`;--> statement-breakpoint
CREATE INDEX `projects_org_updated_idx` ON `projects` (`orgId`,`updatedAt`,`id`);--> statement-breakpoint
CREATE INDEX `projects_createdBy_idx` ON `projects` (`createdBy`);