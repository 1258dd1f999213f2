/**
 * /signin: the sign-in form, or the code step of people with two-factor (`?step=two-factor`, reached by a full page
 * load after a password or from a magic link). Each page shows one of the two, so each is a chunk of its own that the
 * page's HTML links when it is the one shown (src/lib/chunk-links.ts).
 */
import { useSearchParams } from "@solidjs/router";
import { linkedLazy } from "~/lib/chunk-links";
import { param } from "~/lib/links";

const SignInForm = linkedLazy(() => import("~/components/SignInForm"), "src/components/SignInForm.tsx");
const TwoFactorStep = linkedLazy(() => import("~/components/TwoFactorStep"), "src/components/TwoFactorStep.tsx");

export default function SignIn() {
  const [params] = useSearchParams();
  return param(params.step) === "two-factor" ? <TwoFactorStep /> : <SignInForm />;
}
