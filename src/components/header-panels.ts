/**
 * The header's menu panels (./HeaderPanels.tsx) are not on screen until someone opens a menu, so the browser loads
 * them then (Menu.tsx starts at the first pointer, focus or touch on a menu button, and a click waits for them). The
 * server renders them with every signed-in page, as before.
 */
import { createSignal, lazy } from "solid-js";
import { isServer } from "solid-js/web";

type Panels = typeof import("./HeaderPanels");

// Module-wide: once here, every later page's header renders its panels at once.
const [panels, setPanels] = createSignal<Panels>();
// The loader of ~/lib/on-use written out: that module would be one more chunk on every signed-in page.
let loading: Promise<Panels> | undefined;

export function loadPanels(): Promise<Panels> {
  return (loading ??= import("./HeaderPanels").then(
    (m) => (setPanels(() => m), m),
    (e) => {
      loading = undefined;
      throw e;
    },
  ));
}

export const panelsReady = () => !!panels();

// The server waits for the module (pages render whole, "async" mode); the browser draws a panel only once
// panelsReady() (Menu.tsx), so the functions below never run before the module is here.
export const SwitcherPanel: Panels["SwitcherPanel"] = isServer
  ? lazy(() => import("./HeaderPanels").then((m) => ({ default: m.SwitcherPanel })))
  : (p) => panels()!.SwitcherPanel(p);
export const AccountPanel: Panels["AccountPanel"] = isServer
  ? lazy(() => import("./HeaderPanels").then((m) => ({ default: m.AccountPanel })))
  : (p) => panels()!.AccountPanel(p);
