/**
 * What a member without two-factor sees when they open a workspace that requires it (403 TWO_FACTOR_REQUIRED from
 * any of its pages): why, and the way in. Loaded by ErrorPage only when that error happens.
 */
import { Title } from "@solidjs/meta";
import { buttonClass, NarrowPage } from "./ui";

export default function TwoFactorRequired() {
  return (
    <NarrowPage title="This workspace requires two-factor authentication">
      <Title>Two-factor required · CoRATES</Title>
      <div class="flex flex-col gap-3 text-sm" data-testid="two-factor-required">
        <p>
          Its owners ask every member to sign in with a code from an authenticator app as well as their password, so that a stolen password alone
          cannot open its projects.
        </p>
        <p>Turn it on in your account settings (it takes a minute), then come back to this page.</p>
      </div>
      <div class="mt-5 flex flex-wrap items-center gap-3">
        <a href="/account" class={buttonClass("primary")}>
          Turn on two-factor
        </a>
        <a href="/" class={buttonClass("secondary")}>
          Go to your workspaces
        </a>
      </div>
    </NarrowPage>
  );
}
