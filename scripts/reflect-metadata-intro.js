// Put at the top of every server chunk of the build (app.config.ts, Nitro's rollup `intro`). The slice of the Reflect
// metadata API that tsyringe checks for when it loads: @simplewebauthn/server (under Better Auth's passkey plugin)
// reaches tsyringe through @peculiar/x509, which imports the reflect-metadata package for it, but the bundler drops
// that CommonJS side-effect import and the Worker would not start ("tsyringe requires a reflect polyfill"). Where
// something already set these up, it does nothing; reflect-metadata, if it loads later, keeps reading what is stored
// here (its "older polyfill" fallback, which needs every function below). Metadata lives in a WeakMap per target and
// property, looked up the prototype chain like the original.
(() => {
  if (typeof Reflect.getMetadata === "function") return;
  const store = new WeakMap();
  const table = (target, property, create) => {
    let byProperty = store.get(target);
    if (!byProperty && create) store.set(target, (byProperty = new Map()));
    let entries = byProperty && byProperty.get(property);
    if (!entries && create && byProperty) byProperty.set(property, (entries = new Map()));
    return entries;
  };
  const chain = function* (target) {
    for (let t = target; t; t = Object.getPrototypeOf(t)) yield t;
  };
  const api = {
    defineMetadata: (key, value, target, property) => void table(target, property, true).set(key, value),
    hasOwnMetadata: (key, target, property) => !!table(target, property, false)?.has(key),
    getOwnMetadata: (key, target, property) => table(target, property, false)?.get(key),
    getMetadata(key, target, property) {
      for (const t of chain(target)) {
        const entries = table(t, property, false);
        if (entries && entries.has(key)) return entries.get(key);
      }
      return undefined;
    },
    hasMetadata: (key, target, property) => api.getMetadata(key, target, property) !== undefined,
    getOwnMetadataKeys: (target, property) => [...(table(target, property, false)?.keys() ?? [])],
    getMetadataKeys(target, property) {
      const keys = new Set();
      for (const t of chain(target)) for (const k of table(t, property, false)?.keys() ?? []) keys.add(k);
      return [...keys];
    },
    deleteMetadata: (key, target, property) => !!table(target, property, false)?.delete(key),
    metadata: (key, value) => (target, property) => api.defineMetadata(key, value, target, property),
  };
  for (const [name, fn] of Object.entries(api)) Reflect[name] = fn;
})();
