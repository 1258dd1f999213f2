/**
 * The body of /account (the route, src/routes/account.tsx, reads the data and hands it here; the browser takes this
 * part over on first use, src/lib/take-over.tsx): every section, each showing its state at once.
 */
import { AccountAvatar } from "./AccountAvatar";
import { AccountWorkspace } from "./AccountWorkspace";
import { LeaveForGoodSection } from "./LeaveForGoodSection";
import PasskeySection from "./PasskeySection";
import { PasswordSection } from "./PasswordSection";
import { ProfileSection } from "./ProfileSection";
import { SessionsSection } from "./SessionsSection";
import SignInMethods from "./SignInMethods";
import { TwoFactorSection } from "./TwoFactorSection";
import { UsernameSection } from "./UsernameSection";
import type { getAccount } from "~/rpc/account";

export default function AccountSections(props: { data: Awaited<ReturnType<typeof getAccount>> }) {
  const d = () => props.data;
  return (
    <div class="flex flex-col gap-6">
      <AccountWorkspace />
      <ProfileSection name={d().user.name} email={d().user.email} />
      <AccountAvatar />
      <UsernameSection username={d().user.username} persona={d().user.persona} />
      <PasswordSection hasPassword={d().hasPassword} email={d().user.email} />
      <TwoFactorSection enabled={d().user.twoFactorEnabled} hasPassword={d().hasPassword} />
      <PasskeySection data={d()} />
      <SignInMethods data={d()} />
      <SessionsSection sessions={d().sessions} />
      <LeaveForGoodSection email={d().user.email} hasPassword={d().hasPassword} />
    </div>
  );
}
