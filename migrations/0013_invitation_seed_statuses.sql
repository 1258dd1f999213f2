-- Custom SQL migration file, put your code below! ---- Invitations store the seed's (Better Auth's) states: rejected and canceled where this app used to write declined
-- and cancelled. The API keeps presenting declined and cancelled (src/server/domain/invitation-status.ts). A text
-- enum is not in the SQL schema, so drizzle-kit has nothing to diff: the rows are rewritten here.
UPDATE `invitation` SET `status` = 'rejected' WHERE `status` = 'declined';
--> statement-breakpoint
UPDATE `invitation` SET `status` = 'canceled' WHERE `status` = 'cancelled';
--> statement-breakpoint
UPDATE `project_invitations` SET `status` = 'rejected' WHERE `status` = 'declined';
--> statement-breakpoint
UPDATE `project_invitations` SET `status` = 'canceled' WHERE `status` = 'cancelled';
