import type { z } from "zod";
import { fieldErrors, idParam } from "~/lib/schemas";
import { AppError } from "./errors";

/** Parses input with a shared schema or throws VALIDATION_FAILED with one message per field. */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (!result.success) throw AppError.validation(fieldErrors(result.error));
  return result.data;
}

/**
 * The ids in a route's path, each checked with idParam. A bad one is reported under its own name in details.fields
 * (parsing it alone with a scalar schema would report it as "body"). Names the route does not have come back as "".
 */
export function parseIds<K extends string>(params: Record<string, string | undefined>, names: readonly K[]): Record<K, string> {
  const out = {} as Record<K, string>;
  const fields: Record<string, string> = {};
  for (const name of names) {
    const value = params[name];
    if (value === undefined) {
      out[name] = "";
      continue;
    }
    const result = idParam.safeParse(value);
    if (result.success) out[name] = result.data;
    else fields[name] = result.error.issues[0]?.message ?? "Not a valid id.";
  }
  if (Object.keys(fields).length) throw AppError.validation(fields);
  return out;
}
