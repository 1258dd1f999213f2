ALTER TABLE `email_outbox` ADD `expiresAt` integer;--> statement-breakpoint
CREATE INDEX `email_outbox_to_idx` ON `email_outbox` (`to`,`status`,`createdAt`);