/**
 * The two-factor panel of /account, loaded on use (TwoFactorSection): enrol (password, then a QR code and the secret,
 * then one valid code, then ten backup codes shown once), turn off, or replace the backup codes. Turning off and new
 * codes need the password, or a fresh code from people who sign in by email link and have none.
 */
import { revalidate } from "@solidjs/router";
import { createSignal, For, Match, Show, Switch } from "solid-js";
import { renderSVG } from "uqr";
import { Alert, Button, TextField } from "~/components/ui";
import { formValues } from "~/lib/forms";
import { secretOf, twoFactorClient, type Proof } from "~/lib/two-factor-client";
import { getAccount } from "~/rpc/account";

export type PanelMode = "enrol" | "disable" | "codes";

export interface PanelProps {
  enabled: boolean;
  hasPassword: boolean;
  onClose: () => void;
}

type Props = { mode: PanelMode; hasPassword: boolean; onClose: () => void };

/** Digits only, so "123 456" as some apps show it works too. */
const cleanCode = (v: string | undefined) => (v ?? "").replace(/\s+/g, "");

export default function TwoFactorPanel(props: PanelProps) {
  const [mode, setMode] = createSignal<PanelMode | null>(props.enabled ? null : "enrol");
  return (
    <Show
      when={mode()}
      fallback={
        <div class="flex flex-wrap gap-2">
          <Button type="button" variant="secondary" onClick={() => setMode("codes")}>
            New backup codes
          </Button>
          <Button type="button" variant="danger" onClick={() => setMode("disable")}>
            Turn off two-factor
          </Button>
          <Button type="button" variant="ghost" onClick={props.onClose}>
            Close
          </Button>
        </div>
      }
    >
      {(m) => (
        <Show when={m() === "enrol"} fallback={<Change mode={m()} hasPassword={props.hasPassword} onClose={props.onClose} />}>
          <Enrol mode="enrol" hasPassword={props.hasPassword} onClose={props.onClose} />
        </Show>
      )}
    </Show>
  );
}

function Enrol(props: Props) {
  const [step, setStep] = createSignal<{ at: "password" } | { at: "scan"; uri: string; codes: string[] } | { at: "codes"; codes: string[] }>({ at: "password" });
  const [error, setError] = createSignal<string | null>(null);
  const [pending, setPending] = createSignal(false);

  async function start(e?: SubmitEvent) {
    e?.preventDefault();
    const password = e ? formValues(e.currentTarget as HTMLFormElement).password ?? "" : null;
    if (e && !password) return setError("Enter your password.");
    setPending(true);
    setError(null);
    const res = await twoFactorClient.enable(password);
    setPending(false);
    if (res.ok) setStep({ at: "scan", uri: res.data.totpURI, codes: res.data.backupCodes });
    else setError(res.message);
  }

  async function verify(e: SubmitEvent) {
    e.preventDefault();
    const s = step();
    if (s.at !== "scan") return;
    const code = cleanCode(formValues(e.currentTarget as HTMLFormElement).code);
    if (!/^\d{6}$/.test(code)) return setError("Enter the 6-digit code your app shows.");
    setPending(true);
    setError(null);
    const res = await twoFactorClient.verifyTotp({ code });
    setPending(false);
    if (!res.ok) return setError(res.message);
    setStep({ at: "codes", codes: s.codes });
  }

  return (
    <div class="flex max-w-xl flex-col gap-4" data-testid="two-factor-enrol">
      <Show when={error()}>{(m) => <Alert kind="error">{m()}</Alert>}</Show>
      <Switch>
        <Match when={step().at === "password"}>
          <Show
            when={props.hasPassword}
            fallback={
              <div class="flex gap-2">
                <Button type="button" onClick={() => start()} pending={pending()} pendingText="Starting…">
                  Set up an authenticator app
                </Button>
                <Button type="button" variant="ghost" onClick={props.onClose}>
                  Cancel
                </Button>
              </div>
            }
          >
            <form onSubmit={start} class="flex max-w-md flex-col gap-4" novalidate>
              <TextField label="Your password" name="password" type="password" autocomplete="current-password" required hint="To make sure it is you." />
              <SubmitOrCancel label="Continue" pending={pending()} onCancel={props.onClose} />
            </form>
          </Show>
        </Match>
        <Match when={step().at === "scan" && (step() as { uri: string })}>
          {(s) => (
            <form onSubmit={verify} class="flex flex-col gap-4" novalidate>
              <p class="text-sm">1. Scan this code with your authenticator app, or type the secret into it.</p>
              <div class="flex flex-wrap items-center gap-4">
                {/* The QR code is an SVG drawn here from the otpauth:// address; nothing is sent anywhere to draw it. */}
                <div class="h-44 w-44 shrink-0 rounded bg-white p-2" role="img" aria-label="QR code for your authenticator app" innerHTML={renderSVG(s().uri)} />
                <div class="min-w-0 text-sm">
                  <p class="font-medium">Secret for manual entry</p>
                  <code class="mt-1 block break-all rounded bg-subtle px-2 py-1 font-mono text-sm" data-testid="two-factor-secret">
                    {secretOf(s().uri)}
                  </code>
                  <p class="mt-1 text-xs text-muted">Time-based, 6 digits, every 30 seconds.</p>
                </div>
              </div>
              <p class="text-sm">2. Enter the 6-digit code the app shows.</p>
              <div class="max-w-xs">
                <TextField label="Code from your app" name="code" inputmode="numeric" autocomplete="one-time-code" maxLength={7} required />
              </div>
              <SubmitOrCancel label="Verify and turn on" pending={pending()} onCancel={props.onClose} />
            </form>
          )}
        </Match>
        <Match when={step().at === "codes" && (step() as { codes: string[] })}>
          {(s) => (
            <>
              <Alert kind="success" title="Two-factor authentication is on">
                Next time you sign in, we will ask for a code from your app.
              </Alert>
              <BackupCodes codes={s().codes} onDone={() => void revalidate(getAccount.key).then(props.onClose)} />
            </>
          )}
        </Match>
      </Switch>
    </div>
  );
}

/** Turning off, or new backup codes: both need the password (or a fresh code when there is none). */
function Change(props: Props) {
  const [error, setError] = createSignal<string | null>(null);
  const [pending, setPending] = createSignal(false);
  const [codes, setCodes] = createSignal<string[] | null>(null);
  const off = () => props.mode === "disable";

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    const value = (formValues(e.currentTarget as HTMLFormElement).proof ?? "").trim();
    if (!value) return setError(props.hasPassword ? "Enter your password." : "Enter the code your app shows.");
    const proof: Proof = props.hasPassword ? { password: value } : { code: cleanCode(value) };
    setPending(true);
    setError(null);
    if (off()) {
      const res = await twoFactorClient.disable(proof);
      setPending(false);
      if (!res.ok) return setError(res.message);
      await revalidate(getAccount.key);
      return props.onClose();
    }
    const res = await twoFactorClient.generateBackupCodes(proof);
    setPending(false);
    if (!res.ok) return setError(res.message);
    setCodes(res.data.backupCodes);
  }

  return (
    <div class="flex max-w-xl flex-col gap-4" data-testid={off() ? "two-factor-disable" : "two-factor-new-codes"}>
      <Show when={error()}>{(m) => <Alert kind="error">{m()}</Alert>}</Show>
      <Show
        when={codes()}
        fallback={
          <form onSubmit={submit} class="flex max-w-md flex-col gap-4" novalidate>
            <p class="text-sm">{off() ? "Your account will be protected by your password alone." : "Your old backup codes will stop working."}</p>
            <TextField
              label={props.hasPassword ? "Your password" : "Code from your app"}
              name="proof"
              type={props.hasPassword ? "password" : "text"}
              inputmode={props.hasPassword ? undefined : "numeric"}
              autocomplete={props.hasPassword ? "current-password" : "one-time-code"}
              required
            />
            <SubmitOrCancel label={off() ? "Turn off two-factor" : "Make new backup codes"} variant={off() ? "danger" : "primary"} pending={pending()} onCancel={props.onClose} />
          </form>
        }
      >
        {(list) => <BackupCodes codes={list()} onDone={props.onClose} />}
      </Show>
    </div>
  );
}

/** Ten codes shown once: each signs in once when the phone is not at hand. Copy and download, then they are gone. */
function BackupCodes(props: { codes: string[]; onDone: () => void }) {
  const [copied, setCopied] = createSignal(false);
  const text = () => `CoRATES backup codes (each works once)\n\n${props.codes.join("\n")}\n`;

  async function copy() {
    try {
      await navigator.clipboard.writeText(text());
      setCopied(true);
    } catch {
      setCopied(false);
    }
  }

  function download() {
    const url = URL.createObjectURL(new Blob([text()], { type: "text/plain" }));
    const a = Object.assign(document.createElement("a"), { href: url, download: "corates-backup-codes.txt" });
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  return (
    <div class="flex flex-col gap-3" data-testid="two-factor-backup-codes">
      <p class="text-sm">
        <strong>Save these backup codes now.</strong> Each one signs you in once if you lose your phone. They will not be shown again.
      </p>
      <ul class="grid max-w-sm grid-cols-2 gap-x-6 gap-y-1 rounded-md border border-line bg-subtle px-4 py-3 font-mono text-sm">
        <For each={props.codes}>{(c) => <li data-testid="backup-code">{c}</li>}</For>
      </ul>
      <div class="flex flex-wrap gap-2">
        <Button type="button" variant="secondary" onClick={copy}>
          {copied() ? "Copied" : "Copy codes"}
        </Button>
        <Button type="button" variant="secondary" onClick={download}>
          Download as text
        </Button>
        <Button type="button" onClick={props.onDone}>
          I saved them
        </Button>
      </div>
    </div>
  );
}

/** A step's submit button (busy while checking) beside Cancel, which closes the panel. */
function SubmitOrCancel(props: { label: string; variant?: "primary" | "danger"; pending: boolean; onCancel: () => void }) {
  return (
    <div class="flex gap-2">
      <Button type="submit" variant={props.variant ?? "primary"} pending={props.pending} pendingText="Checking…">
        {props.label}
      </Button>
      <Button type="button" variant="ghost" onClick={props.onCancel}>
        Cancel
      </Button>
    </div>
  );
}
