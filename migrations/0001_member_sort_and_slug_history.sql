CREATE TABLE `org_slug_history` (
	`slug` text PRIMARY KEY NOT NULL,
	`orgId` text NOT NULL,
	`createdAt` integer DEFAULT (unixepoch()) NOT NULL,
	FOREIGN KEY (`orgId`) REFERENCES `organization`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `org_slug_history_orgId_idx` ON `org_slug_history` (`orgId`);--> statement-breakpoint
ALTER TABLE `member` ADD `sortName` text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE INDEX `member_org_sort_idx` ON `member` (`organizationId`,`sortName`,`userId`);