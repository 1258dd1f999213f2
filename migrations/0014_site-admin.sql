CREATE TABLE `admin_audit` (
	`id` text PRIMARY KEY NOT NULL,
	`actorId` text,
	`actorName` text NOT NULL,
	`action` text NOT NULL,
	`targetType` text NOT NULL,
	`targetId` text NOT NULL,
	`targetLabel` text NOT NULL,
	`data` text,
	`createdAt` integer NOT NULL,
	FOREIGN KEY (`actorId`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `admin_audit_created_idx` ON `admin_audit` (`createdAt`,`id`);--> statement-breakpoint
CREATE INDEX `admin_audit_actorId_idx` ON `admin_audit` (`actorId`);--> statement-breakpoint
ALTER TABLE `user` ADD `role` text DEFAULT 'user' NOT NULL;--> statement-breakpoint
ALTER TABLE `user` ADD `banned` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `user` ADD `banReason` text;--> statement-breakpoint
ALTER TABLE `user` ADD `banExpires` integer;--> statement-breakpoint
CREATE INDEX `user_name_nocase_idx` ON `user` ("name" collate nocase,`id`);