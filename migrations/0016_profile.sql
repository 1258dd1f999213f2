ALTER TABLE `user` ADD `username` text;--> statement-breakpoint
ALTER TABLE `user` ADD `displayName` text;--> statement-breakpoint
ALTER TABLE `user` ADD `persona` text;--> statement-breakpoint
ALTER TABLE `user` ADD `profileCompletedAt` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `user_username_unique` ON `user` (`username`);