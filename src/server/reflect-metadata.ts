/**
 * The slice of the Reflect metadata API that tsyringe checks for when it loads. @simplewebauthn/server (under Better
 * Auth's passkey plugin) reaches it through @peculiar/x509, which imports the reflect-metadata package itself; but
 * that package is CommonJS, and in the bundled Worker its body ran after tsyringe's load-time check, so the Worker did
 * not start ("tsyringe requires a reflect polyfill"). This ES module is imported before the plugin
 * (src/server/auth-passkey.ts), so the functions exist in time; where reflect-metadata already set them up, it does
 * nothing, and when reflect-metadata loads later it keeps reading what was stored here (its "older polyfill" fallback,
 * which needs every function below). Metadata lives in a WeakMap per target and property, looked up the prototype
 * chain like the original.
 */
type Key = string | symbol | undefined;
const store = new WeakMap<object, Map<Key, Map<unknown, unknown>>>();

function table(target: object, property: Key, create: boolean): Map<unknown, unknown> | undefined {
  let byProperty = store.get(target);
  if (!byProperty && create) store.set(target, (byProperty = new Map()));
  let entries = byProperty?.get(property);
  if (!entries && create && byProperty) byProperty.set(property, (entries = new Map()));
  return entries;
}

const api = {
  defineMetadata(key: unknown, value: unknown, target: object, property?: Key) {
    table(target, property, true)!.set(key, value);
  },
  hasOwnMetadata: (key: unknown, target: object, property?: Key) => !!table(target, property, false)?.has(key),
  getOwnMetadata: (key: unknown, target: object, property?: Key) => table(target, property, false)?.get(key),
  getMetadata(key: unknown, target: object, property?: Key): unknown {
    for (let t: object | null = target; t; t = Object.getPrototypeOf(t)) {
      const entries = table(t, property, false);
      if (entries?.has(key)) return entries.get(key);
    }
    return undefined;
  },
  hasMetadata: (key: unknown, target: object, property?: Key) => api.getMetadata(key, target, property) !== undefined,
  getOwnMetadataKeys: (target: object, property?: Key): unknown[] => [...(table(target, property, false)?.keys() ?? [])],
  getMetadataKeys(target: object, property?: Key): unknown[] {
    const keys = new Set<unknown>();
    for (let t: object | null = target; t; t = Object.getPrototypeOf(t)) for (const k of table(t, property, false)?.keys() ?? []) keys.add(k);
    return [...keys];
  },
  deleteMetadata: (key: unknown, target: object, property?: Key) => !!table(target, property, false)?.delete(key),
  metadata: (key: unknown, value: unknown) => (target: object, property?: Key) => api.defineMetadata(key, value, target, property),
};

const reflect = Reflect as unknown as Record<string, unknown>;
if (typeof reflect.getMetadata !== "function") for (const [name, fn] of Object.entries(api)) reflect[name] = fn;
