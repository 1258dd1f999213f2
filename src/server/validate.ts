import type { z } from "zod";
import { fieldErrors } from "~/lib/schemas";
import { AppError } from "./errors";

/** Parses input with a shared schema or throws VALIDATION_FAILED with one message per field. */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (!result.success) throw AppError.validation(fieldErrors(result.error));
  return result.data;
}
