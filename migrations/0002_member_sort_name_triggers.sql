-- Custom SQL migration file, put your code below! --
-- member.sortName mirrors lower(user.name) so the member list can be read in name order from the index
-- member_org_sort_idx. SQL triggers keep it right for every writer (createOrg, invitation acceptance, Better Auth's
-- update-user), so no app code has to remember it. Drizzle's schema cannot express triggers, hence this custom file.
UPDATE `member` SET `sortName` = coalesce((SELECT lower(`name`) FROM `user` WHERE `user`.`id` = `member`.`userId`), '');
--> statement-breakpoint
CREATE TRIGGER `member_sort_name_on_insert` AFTER INSERT ON `member`
BEGIN
  UPDATE `member` SET `sortName` = coalesce((SELECT lower(`name`) FROM `user` WHERE `id` = NEW.`userId`), '') WHERE `rowid` = NEW.`rowid`;
END;
--> statement-breakpoint
CREATE TRIGGER `member_sort_name_on_user_rename` AFTER UPDATE OF `name` ON `user`
BEGIN
  UPDATE `member` SET `sortName` = lower(NEW.`name`) WHERE `userId` = NEW.`id`;
END;
