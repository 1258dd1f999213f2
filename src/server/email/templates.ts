/** The words of every email. Each has a plain-text part with full URLs (tests and the dev mailbox read it) and HTML. */
export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  kind: "verify-email" | "reset-password" | "magic-link" | "invitation";
  /** When the email's link stops working: an email still undelivered then is never sent (see expiredNotice). */
  expiresAt?: Date;
}

/**
 * Text made safe for a header such as Subject: every control character (CR and LF above all, which would start a
 * new header) becomes a space. Names of people, orgs and projects flow into subjects, and rows saved before names
 * refused control characters may still hold them.
 */
export function headerText(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f-\u009f]+/g, " ").replace(/ {2,}/g, " ").trim();
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** `picture`: an absolute https URL of a logo shown above the title (the workspace's, on an invitation). */
function layout(title: string, intro: string, action: string, url: string, outro: string, picture?: string): string {
  const logo = picture ? `<img src="${escapeHtml(picture)}" alt="" width="48" height="48" style="display:block;width:48px;height:48px;object-fit:contain;border-radius:6px">\n` : "";
  return `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#111;max-width:560px;margin:auto;padding:24px">
${logo}<h1 style="font-size:20px">${escapeHtml(title)}</h1><p>${escapeHtml(intro)}</p>
<p><a href="${escapeHtml(url)}" style="display:inline-block;background:#1d4ed8;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none">${escapeHtml(action)}</a></p>
<p style="font-size:13px;color:#555">Or paste this link into your browser: ${escapeHtml(url)}</p>
<p style="font-size:13px;color:#555">${escapeHtml(outro)}</p></body></html>`;
}

function message(kind: EmailMessage["kind"], to: string, subject: string, intro: string, action: string, url: string, outro: string, expiresAt?: Date, picture?: string): EmailMessage {
  return {
    kind,
    to,
    expiresAt,
    subject,
    text: `${intro}\n\n${action}: ${url}\n\n${outro}\n`,
    html: layout(subject, intro, action, url, outro, picture),
  };
}

const inSeconds = (s: number) => new Date(Date.now() + s * 1000);

/** How long each kind of link works, in seconds (src/server/auth.ts gives Better Auth the same figures). */
export const LINK_LIFETIME_S = { verifyEmail: 24 * 60 * 60, resetPassword: 60 * 60, magicLink: 5 * 60 } as const;

export const emails = {
  verifyEmail: (to: string, url: string) =>
    message("verify-email", to, "Verify your email for CoRATES", "Confirm that this is your email address to finish creating your CoRATES account.", "Verify email", url, "If you did not sign up, you can ignore this email.", inSeconds(LINK_LIFETIME_S.verifyEmail)),
  resetPassword: (to: string, url: string) =>
    message("reset-password", to, "Reset your CoRATES password", "Someone asked to reset the password of your CoRATES account. The link works once and expires in one hour.", "Choose a new password", url, "If it was not you, ignore this email: your password stays as it is.", inSeconds(LINK_LIFETIME_S.resetPassword)),
  magicLink: (to: string, url: string) =>
    message("magic-link", to, "Your CoRATES sign-in link", "Use this link to sign in to CoRATES. It works once and expires in 5 minutes.", "Sign in", url, "If you did not ask for it, you can ignore this email.", inSeconds(LINK_LIFETIME_S.magicLink)),
  /** `logoUrl`: the workspace's logo as an absolute URL (orgLogoUrl), when it has one. */
  invitation: (to: string, url: string, inviter: string, orgName: string, projectName: string | null, expiresAt?: Date, logoUrl?: string | null) =>
    message(
      "invitation",
      to,
      projectName ? `${inviter} invited you to ${projectName} on CoRATES` : `${inviter} invited you to ${orgName} on CoRATES`,
      projectName
        ? `${inviter} invited you to join the project "${projectName}" in the workspace "${orgName}" on CoRATES.`
        : `${inviter} invited you to join the workspace "${orgName}" on CoRATES.`,
      "Open the invitation",
      url,
      "The link expires in 7 days. If you were not expecting it, you can ignore this email.",
      expiresAt,
      logoUrl ?? undefined,
    ),
};

/**
 * What goes out in place of an email whose link expired before it could be delivered (the provider was down): no
 * link, which would not work, but what to do instead, at a page that sends a fresh one. docs/email.md explains why.
 */
export function expiredNotice(kind: EmailMessage["kind"], to: string, appUrl: string): EmailMessage {
  const where: Record<EmailMessage["kind"], [string, string, string]> = {
    "magic-link": ["sign-in link", "Ask for a new one", "/signin"],
    "reset-password": ["password reset link", "Ask for a new one", "/forgot-password"],
    "verify-email": ["email verification link", "Sign in to get a new one", "/signin"],
    invitation: ["invitation", "Ask the person who invited you to send it again", "/"],
  };
  const [what, action, path] = where[kind];
  const subject = `Your CoRATES ${what} could not reach you in time`;
  const intro = `We could not deliver the ${what} you were sent while it still worked, so we did not send it: it has expired.`;
  return message(kind, to, subject, intro, action, new URL(path, appUrl).toString(), "If you did not ask for it, you can ignore this email.");
}
