DROP INDEX `projects_org_name_idx`;--> statement-breakpoint
CREATE INDEX `projects_org_name_nocase_idx` ON `projects` (`orgId`,"name" collate nocase);