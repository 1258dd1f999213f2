/**
 * /account: profile name, password, and the places the person is signed in. Signed-out visitors are redirected on the
 * server (getAccount uses withUser) to /signin?next=/account.
 */
import { Title } from "~/components/Head";
import { A, createAsync, revalidate, type RouteDefinition, useAction } from "@solidjs/router";
import { type Component, createSignal, For, type JSX, lazy, onMount, Show } from "solid-js";
import { AppShell } from "~/components/AppShell";
import { LeaveForGoodSection } from "~/components/LeaveForGoodSection";
import SignInMethods from "~/components/SignInMethods";
import { Time } from "~/components/Time";
import { TwoFactorSection } from "~/components/TwoFactorSection";
import { UsernameSection } from "~/components/UsernameSection";
import { Alert, Button, Card, initialValue, linkClass, TextField } from "~/components/ui";
import { checkForm, NETWORK_MESSAGE, preloadAuthClient, withAuthClient } from "~/lib/auth";
import { focusFirstError, formValues, useHydrated } from "~/lib/forms";
import { roleLabel } from "~/lib/permissions";
import { type AccountPage, type AccountSession, getAccount, revokeSessionAction } from "~/rpc/account";
import { getViewer } from "~/rpc/viewer";
import { preloadWith } from "~/lib/preload";

// Passkeys: a chunk of its own (its WebAuthn code loads on the click), so this page's first load carries none of it.
const PasskeySection = lazy(() => import("~/components/PasskeySection"));

export const route = { preload: () => preloadWith(() => import("~/rpc/account"), (m) => m.getAccount) } satisfies RouteDefinition;

type Notice = { kind: "success" | "error"; text: string } | null;

export default function Account() {
  // deferStream: the response waits for this query, so a signed-out visitor gets a real 302 to sign-in (a redirect
  // thrown after the page has started streaming can no longer set the Location header).
  const data = createAsync(() => getAccount(), { deferStream: true });
  // The picture section (and its upload form) comes after the page shows: the first load stays within its weight.
  const [AvatarSection, setAvatarSection] = createSignal<Component>();
  onMount(() => void import("~/components/AccountAvatar").then((m) => setAvatarSection(() => m.AccountAvatar)));
  return (
    <AppShell>
      <Title>Account settings · CoRATES</Title>
      <h1 class="mb-6 text-2xl font-semibold tracking-tight">Account settings</h1>
      <Show when={data()}>
        {(d) => (
          <div class="flex flex-col gap-6">
            <WorkspaceSection />
            <ProfileSection data={d()} />
            <Show when={AvatarSection()}>{(S) => S()({})}</Show>
            <UsernameSection username={d().user.username} persona={d().user.persona} />
            <PasswordSection data={d()} />
            <TwoFactorSection enabled={d().user.twoFactorEnabled} hasPassword={d().hasPassword} />
            <PasskeySection data={d()} />
            <SignInMethods data={d()} />
            <SessionsSection data={d()} />
            <LeaveForGoodSection email={d().user.email} hasPassword={d().hasPassword} />
          </div>
        )}
      </Show>
    </AppShell>
  );
}

function Section(props: { title: string; id: string; description?: string; children: JSX.Element }) {
  return (
    <Card>
      <section aria-labelledby={props.id} data-testid={props.id}>
        <h2 id={props.id} class="text-lg font-semibold">
          {props.title}
        </h2>
        <Show when={props.description}>
          <p class="mt-1 text-sm text-slate-600 dark:text-slate-400">{props.description}</p>
        </Show>
        <div class="mt-4">{props.children}</div>
      </section>
    </Card>
  );
}

/** The workspace this session is in (the one "/" opens), so the person knows where they are and can go back. */
function WorkspaceSection() {
  const viewer = createAsync(() => getViewer());
  const active = () => {
    const v = viewer();
    return v ? (v.orgs.find((o) => o.id === v.activeOrgId) ?? null) : undefined;
  };
  return (
    <Section title="Current workspace" id="account-workspace">
      <Show when={active() !== undefined}>
        <Show
          when={active()}
          fallback={
            <p class="text-sm text-muted">
              You have not opened a workspace in this session.{" "}
              <Show when={(viewer()?.orgs.length ?? 0) === 0} fallback={<>Pick one from the switcher at the top.</>}>
                <A href="/orgs/new" class={linkClass}>
                  Create a workspace
                </A>
              </Show>
            </p>
          }
        >
          {(org) => (
            <p class="flex min-w-0 flex-wrap items-baseline gap-x-2 gap-y-1 text-sm" data-testid="account-current-org">
              <A href={`/orgs/${org().slug}`} class={`${linkClass} min-w-0 truncate`} title={org().name}>
                {org().name}
              </A>
              <span class="text-muted">
                Your role: {roleLabel(org().role)} · {viewer()!.orgs.length === 1 ? "your only workspace" : `one of your ${viewer()!.orgs.length} workspaces; switch from the header`}
              </span>
            </p>
          )}
        </Show>
      </Show>
    </Section>
  );
}

function ProfileSection(props: { data: AccountPage }) {
  const hydrated = useHydrated();
  const [fields, setFields] = createSignal<Record<string, string>>({});
  const [pending, setPending] = createSignal(false);
  const [notice, setNotice] = createSignal<Notice>(null);
  let form: HTMLFormElement | undefined;

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    if (pending()) return;
    setNotice(null);
    const checked = await checkForm((c) => c.checkName, formValues(form!));
    if (!checked) return setNotice({ kind: "error", text: NETWORK_MESSAGE });
    if (!checked.ok) {
      setFields(checked.fields);
      return focusFirstError(form);
    }
    setFields({});
    setPending(true);
    const res = await withAuthClient((c) => c.updateUser({ name: checked.data.name }));
    if (res.ok) {
      // The header shows the name too.
      await revalidate([getAccount.key, getViewer.key]);
      setNotice({ kind: "success", text: "Your name was saved." });
    } else {
      // The server re-checks the same rule (personName); its field message shows under the field.
      if (res.fields) setFields(res.fields);
      setNotice({ kind: "error", text: res.message });
    }
    setPending(false);
  }

  return (
    <Section title="Profile" id="account-profile">
      <form ref={form} method="post" onSubmit={submit} onFocusIn={preloadAuthClient} onPointerEnter={preloadAuthClient} class="flex max-w-md flex-col gap-4" novalidate>
        <Show when={notice()}>{(n) => <Alert kind={n().kind}>{n().text}</Alert>}</Show>
        <TextField label="Name" name="name" autocomplete="name" required maxLength={100} {...initialValue(props.data.user.name)} error={fields().name} />
        <div class="flex flex-col gap-1">
          <span class="text-sm font-medium" id="account-email-label">
            Email
          </span>
          <span class="text-sm text-slate-700 dark:text-slate-300" aria-labelledby="account-email-label" data-testid="account-email">
            {props.data.user.email}
          </span>
        </div>
        <div>
          <Button type="submit" pending={pending()} pendingText="Saving…" disabled={!hydrated()}>
            Save name
          </Button>
        </div>
      </form>
    </Section>
  );
}

function PasswordSection(props: { data: AccountPage }) {
  const hydrated = useHydrated();
  const [fields, setFields] = createSignal<Record<string, string>>({});
  const [pending, setPending] = createSignal(false);
  const [notice, setNotice] = createSignal<Notice>(null);
  let form: HTMLFormElement | undefined;

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    if (pending()) return;
    setNotice(null);
    const checked = await checkForm((c) => c.checkChangePassword, formValues(form!));
    if (!checked) return setNotice({ kind: "error", text: NETWORK_MESSAGE });
    if (!checked.ok) {
      setFields(checked.fields);
      return focusFirstError(form);
    }
    setFields({});
    setPending(true);
    const { currentPassword, newPassword, revokeOtherSessions } = checked.data;
    const res = await withAuthClient((c) => c.changePassword({ currentPassword, newPassword, revokeOtherSessions }));
    setPending(false);
    if (res.ok) {
      for (const input of form!.querySelectorAll<HTMLInputElement>('input[type="password"]')) input.value = "";
      setNotice({ kind: "success", text: revokeOtherSessions ? "Your password was changed and your other sessions were signed out." : "Your password was changed." });
      if (revokeOtherSessions) await revalidate(getAccount.key);
      return;
    }
    if (res.code === "INVALID_PASSWORD") setFields({ currentPassword: res.message });
    else if (res.code === "PASSWORD_TOO_SHORT" || res.code === "PASSWORD_TOO_LONG") setFields({ newPassword: res.message });
    else setNotice({ kind: "error", text: res.message });
    focusFirstError(form);
  }

  return (
    <Section title="Password" id="account-password">
      <Show
        when={props.data.hasPassword}
        fallback={
          <p class="text-sm" data-testid="account-no-password">
            You sign in with email links and have no password yet.{" "}
            <A href={`/forgot-password?email=${encodeURIComponent(props.data.user.email)}`} class={linkClass}>
              Set a password
            </A>{" "}
            by requesting a reset link.
          </p>
        }
      >
        <form ref={form} method="post" onSubmit={submit} onFocusIn={preloadAuthClient} onPointerEnter={preloadAuthClient} class="flex max-w-md flex-col gap-4" novalidate>
          <Show when={notice()}>{(n) => <Alert kind={n().kind}>{n().text}</Alert>}</Show>
          <TextField label="Current password" name="currentPassword" type="password" autocomplete="current-password" required error={fields().currentPassword} />
          <TextField
            label="New password"
            name="newPassword"
            type="password"
            autocomplete="new-password"
            required
            minLength={8}
            maxLength={128}
            error={fields().newPassword}
            hint="At least 8 characters."
          />
          <TextField label="Confirm new password" name="confirmPassword" type="password" autocomplete="new-password" required error={fields().confirmPassword} />
          <label class="flex items-center gap-2 text-sm">
            <input type="checkbox" name="revokeOtherSessions" checked class="h-4 w-4 rounded border-slate-300" />
            Sign out of all other sessions
          </label>
          <div>
            <Button type="submit" pending={pending()} pendingText="Changing…" disabled={!hydrated()}>
              Change password
            </Button>
          </div>
        </form>
      </Show>
    </Section>
  );
}

function SessionsSection(props: { data: AccountPage }) {
  const hydrated = useHydrated();
  const revoke = useAction(revokeSessionAction);
  const [confirming, setConfirming] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal<string | null>(null);
  const [notice, setNotice] = createSignal<Notice>(null);
  const others = () => props.data.sessions.filter((s) => !s.current);

  async function revokeOne(s: AccountSession) {
    setBusy(s.id);
    setNotice(null);
    const res = await revoke(s.id);
    setBusy(null);
    setConfirming(null);
    // The action revalidates the page's queries, so the list below is fresh either way.
    setNotice(res.ok ? { kind: "success", text: `Signed out ${describeUserAgent(s.userAgent)}.` } : { kind: "error", text: res.error.message });
  }

  async function revokeOthers() {
    setBusy("others");
    setNotice(null);
    const res = await withAuthClient((c) => c.revokeOtherSessions());
    if (res.ok) await revalidate(getAccount.key);
    setBusy(null);
    setConfirming(null);
    setNotice(res.ok ? { kind: "success", text: "All other sessions were signed out." } : { kind: "error", text: res.message });
  }

  return (
    <Section title="Where you're signed in" id="account-sessions" description="Sign out any session you don't recognise, then change your password.">
      <div class="flex flex-col gap-4">
        <Show when={notice()}>{(n) => <Alert kind={n().kind}>{n().text}</Alert>}</Show>
        <ul class="divide-y divide-slate-200 rounded-md border border-slate-200 dark:divide-slate-800 dark:border-slate-800">
          <For each={props.data.sessions}>
            {(s) => (
              <li class="flex flex-wrap items-center gap-3 px-3 py-3 sm:px-4" data-testid="session-row" data-current={s.current ? "true" : undefined}>
                <div class="min-w-0 flex-1">
                  <p class="flex items-center gap-2 text-sm font-medium">
                    <span title={s.userAgent ?? undefined}>{describeUserAgent(s.userAgent)}</span>
                    <Show when={s.current}>
                      <span class="rounded-full bg-green-100 px-2 py-0.5 text-xs font-medium text-green-900 dark:bg-green-900 dark:text-green-100">This device</span>
                    </Show>
                  </p>
                  <p class="text-xs text-slate-600 dark:text-slate-400">
                    IP {s.ipAddress || "unknown"} · Signed in <Time iso={s.createdAt} /> · Last active <Time iso={s.lastActiveAt} />
                  </p>
                </div>
                <Show when={!s.current}>
                  <Show
                    when={confirming() === s.id}
                    fallback={
                      <Button type="button" variant="secondary" disabled={!hydrated() || !!busy()} onClick={() => setConfirming(s.id)}>
                        Sign out
                      </Button>
                    }
                  >
                    <span class="text-sm">Sign out this session?</span>
                    <Button type="button" variant="danger" pending={busy() === s.id} pendingText="Signing out…" onClick={() => revokeOne(s)}>
                      Confirm sign out
                    </Button>
                    <Button type="button" variant="ghost" disabled={busy() === s.id} onClick={() => setConfirming(null)}>
                      Cancel
                    </Button>
                  </Show>
                </Show>
              </li>
            )}
          </For>
        </ul>
        <Show
          when={others().length > 0}
          fallback={<p class="text-sm text-slate-600 dark:text-slate-400">You are not signed in anywhere else.</p>}
        >
          <div class="flex flex-wrap items-center gap-3">
            <Show
              when={confirming() === "others"}
              fallback={
                <Button type="button" variant="secondary" disabled={!hydrated() || !!busy()} onClick={() => (preloadAuthClient(), setConfirming("others"))}>
                  Sign out all other sessions
                </Button>
              }
            >
              <span class="text-sm">
                Sign out of {others().length} other {others().length === 1 ? "session" : "sessions"}?
              </span>
              <Button type="button" variant="danger" pending={busy() === "others"} pendingText="Signing out…" onClick={revokeOthers}>
                Confirm sign out of others
              </Button>
              <Button type="button" variant="ghost" disabled={busy() === "others"} onClick={() => setConfirming(null)}>
                Cancel
              </Button>
            </Show>
          </div>
        </Show>
      </div>
    </Section>
  );
}

/** "Chrome on macOS" from a user agent string; good enough to recognise one's own devices. */
function describeUserAgent(ua: string | null): string {
  if (!ua) return "Unknown device";
  const browser = /Edg(e|A|iOS)?\//.test(ua)
    ? "Edge"
    : /OPR\/|Opera/.test(ua)
      ? "Opera"
      : /Firefox\/|FxiOS/.test(ua)
        ? "Firefox"
        : /Chrome\/|Chromium\/|CriOS/.test(ua)
          ? "Chrome"
          : /Safari\//.test(ua)
            ? "Safari"
            : /curl\//i.test(ua)
              ? "curl"
              : null;
  const os = /Windows/.test(ua)
    ? "Windows"
    : /iPhone|iPad|iPod/.test(ua)
      ? "iOS"
      : /Mac OS X|Macintosh/.test(ua)
        ? "macOS"
        : /Android/.test(ua)
          ? "Android"
          : /CrOS/.test(ua)
            ? "ChromeOS"
            : /Linux/.test(ua)
              ? "Linux"
              : null;
  if (browser && os) return `${browser} on ${os}`;
  return browser ?? os ?? (ua.length > 60 ? `${ua.slice(0, 57)}…` : ua);
}
