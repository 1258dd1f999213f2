-- Custom SQL migration file, put your code below! ---- The next migration (drizzle-kit's rebuild of projects, so that projects.createdBy can be set null) drops the old
-- projects table. D1 enforces foreign keys inside migrations (PRAGMA foreign_keys=OFF does nothing there), and a DROP
-- TABLE deletes its rows first, which cascades to every project's members and invitations. They are copied aside
-- here and put back by 0012 (tests/migration-leaving.test.ts proves nothing is lost).
CREATE TABLE `_keep_project_members` AS SELECT * FROM `project_members`;
--> statement-breakpoint
CREATE TABLE `_keep_project_invitations` AS SELECT * FROM `project_invitations`;
