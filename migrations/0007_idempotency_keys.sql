CREATE TABLE `idempotency_key` (
	`userId` text NOT NULL,
	`key` text NOT NULL,
	`requestHash` text NOT NULL,
	`answer` text NOT NULL,
	`createdAt` integer NOT NULL,
	PRIMARY KEY(`userId`, `key`),
	FOREIGN KEY (`userId`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `idempotency_key_created_idx` ON `idempotency_key` (`createdAt`);