/**
 * The OpenAPI 3.1 description of the JSON API, built from the route list itself: paths and methods from `routes`, request
 * bodies and query strings from the same Zod schemas the handlers parse with (src/lib/schemas.ts), answers from
 * src/lib/api-schemas.ts. Nothing here is written by hand per route, so a route cannot exist undescribed, and
 * tests/openapi.test.ts checks real answers against the response schemas.
 */
import { z, type ZodType } from "zod";
import { apiRegistry } from "~/lib/api-schemas";
import { idParam } from "~/lib/schemas";
import { errorStatus, type ErrorCode } from "../errors";
import type { Route } from "./router";

type JsonSchema = Record<string, unknown>;

export interface OpenApiParameter {
  name: string;
  in: "path" | "query" | "header";
  required: boolean;
  description?: string;
  schema: JsonSchema;
}

export interface OpenApiOperation {
  operationId: string;
  summary: string;
  tags: string[];
  security: Record<string, string[]>[];
  parameters: OpenApiParameter[];
  requestBody?: { required: boolean; description?: string; content: Record<string, { schema: JsonSchema }> };
  /** JSON everywhere except the docs page's text/html. */
  responses: Record<string, { description: string; content?: Record<string, { schema: JsonSchema }> }>;
}

export interface OpenApiDocument {
  openapi: "3.1.0";
  info: { title: string; version: string; description: string };
  servers: { url: string }[];
  security: Record<string, string[]>[];
  tags: { name: string }[];
  paths: Record<string, Partial<Record<"get" | "post" | "patch" | "delete", OpenApiOperation>>>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, JsonSchema> };
}

const SESSION_COOKIE = "better-auth.session_token";
const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });

/** `/api/orgs/:orgId` -> `/api/orgs/{orgId}`, and the names of its path parameters. */
export function openApiPath(path: string): { path: string; params: string[] } {
  const params: string[] = [];
  const converted = path.replace(/:([A-Za-z]+)/g, (_, k: string) => {
    params.push(k);
    return `{${k}}`;
  });
  return { path: converted, params };
}

/**
 * Trims what zod emits but a reader does not need: the long regex it adds beside format "date-time", the safe-integer
 * bounds of every int, and additionalProperties: false on answers (answers may gain fields; clients should ignore
 * unknown ones, and tests parse answers without strictness).
 */
function tidy(io: "input" | "output") {
  return ({ jsonSchema: js }: { jsonSchema: JsonSchema }) => {
    if (js.format === "date-time") delete js.pattern;
    if (js.type === "integer") {
      if (js.minimum === Number.MIN_SAFE_INTEGER) delete js.minimum;
      if (js.maximum === Number.MAX_SAFE_INTEGER) delete js.maximum;
    }
    if (io === "output" && js.additionalProperties === false) delete js.additionalProperties;
  };
}

/** A request schema as JSON Schema: the input side (before defaults, coercion and transforms), inlined. */
function inputSchema(schema: ZodType): JsonSchema {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any", override: tidy("input") }) as JsonSchema;
  return rest;
}

/** A response schema: a $ref when it is a named component (all of src/lib/api-schemas.ts's are), else inlined. */
function outputSchema(schema: ZodType): JsonSchema {
  const meta = apiRegistry.get(schema);
  if (meta) return ref(meta.id);
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io: "output", unrepresentable: "any", metadata: apiRegistry, override: tidy("output") }) as JsonSchema;
  return rest;
}

/**
 * The codes a route can answer without listing them: bad input, no session, a cross-site write, an unknown id, a
 * workspace's two-factor rule, a failure on our side. The route's `errors` add what its rules can refuse (FORBIDDEN, LAST_OWNER, ...).
 */
export function routeErrors(route: Route): ErrorCode[] {
  const { params } = openApiPath(route.path);
  const codes = new Set<ErrorCode>();
  if (route.body || route.query || params.some((p) => p !== "token" && p !== "key")) codes.add("VALIDATION_FAILED");
  if (!route.public) codes.add("AUTH_REQUIRED");
  if (route.method !== "GET") codes.add("CSRF_REJECTED");
  if (params.length) codes.add("NOT_FOUND");
  // Every route inside a workspace answers it to members without two-factor when the workspace requires it.
  if (params.includes("orgId")) codes.add("TWO_FACTOR_REQUIRED");
  for (const c of route.errors ?? []) codes.add(c);
  if (route.idempotent) codes.add("IDEMPOTENCY_KEY_REUSED");
  // Any route can fail on our side (500), or meet a database that is briefly unavailable (503 with Retry-After); said
  // once per route so neither is ever an undocumented answer.
  codes.add("INTERNAL");
  codes.add("UNAVAILABLE");
  return [...codes].sort((a, b) => errorStatus[a] - errorStatus[b]);
}

/** GET /api/orgs/:orgId/members -> getOrgsByOrgIdMembers: unique because method + path are. */
function operationId(route: Route): string {
  const words = route.path
    .replace(/^\/api\//, "")
    .split("/")
    .map((s) => (s.startsWith(":") ? `By${s[1]!.toUpperCase()}${s.slice(2)}` : s[0]!.toUpperCase() + s.slice(1)));
  return route.method.toLowerCase() + words.join("");
}

/** Groups for the docs page: project routes (with their members and invitations) under projects, and so on. */
function tagOf(path: string): string {
  if (path.includes("/projects")) return "projects";
  for (const t of ["invitations", "members", "activity", "dev", "me", "images"]) if (path.startsWith("/api/" + t) || path.includes(`/${t}`)) return t;
  return "orgs";
}

function operation(route: Route): OpenApiOperation {
  const { params } = openApiPath(route.path);
  const parameters: OpenApiParameter[] = params.map((name) => ({
    name,
    in: "path",
    required: true,
    ...(name === "token"
      ? { description: "The token from the invitation email.", schema: { type: "string" } }
      : name === "key"
        ? { description: "The image's key, from its URL.", schema: { type: "string", pattern: "^[0-9a-f]{64}$" } }
        : { schema: inputSchema(idParam) }),
  }));
  if (route.query) {
    const q = inputSchema(route.query) as { properties?: Record<string, JsonSchema>; required?: string[] };
    for (const [name, schema] of Object.entries(q.properties ?? {})) {
      parameters.push({ name, in: "query", required: q.required?.includes(name) ?? false, schema });
    }
  }

  if (route.idempotent) {
    parameters.push({
      name: "Idempotency-Key",
      in: "header",
      required: false,
      description:
        "Any unique string (a UUID): a retry with the same key and body within a day gets the first answer again (with `Idempotent-Replayed: true`) instead of a second write. The same key with another request is refused (422).",
      schema: { type: "string", minLength: 1, maxLength: 255 },
    });
  }

  const status = route.status ?? 200;
  const responses: OpenApiOperation["responses"] = {
    [String(status)]: route.contentType
      ? { description: route.summary ?? "Success", content: { [route.contentType]: { schema: { type: "string" } } } }
      : route.response
      ? { description: route.summary ?? "Success", content: { "application/json": { schema: outputSchema(route.response) } } }
      : { description: "No content" },
  };
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of routeErrors(route)) byStatus.set(errorStatus[code], [...(byStatus.get(errorStatus[code]) ?? []), code]);
  for (const [s, codes] of byStatus) {
    responses[String(s)] = { description: codes.join(", "), content: { "application/json": { schema: ref("Error") } } };
  }

  const op: OpenApiOperation = {
    operationId: operationId(route),
    summary: route.summary ?? "",
    tags: [tagOf(route.path)],
    security: route.public ? [] : [{ cookieAuth: [] }],
    parameters,
    responses,
  };
  if (route.body) {
    const schema = inputSchema(route.body);
    op.requestBody = { required: Array.isArray(schema.required) && schema.required.length > 0, content: { "application/json": { schema } } };
  }
  if (route.rawBody) {
    const binary = { type: "string", contentMediaType: "application/octet-stream", maxLength: route.rawBody.maxBytes };
    op.requestBody = { required: true, description: route.rawBody.description, content: Object.fromEntries(route.rawBody.mediaTypes.map((t) => [t, { schema: binary }])) };
  }
  return op;
}

/** Every named response schema, referencing each other with components $refs. */
function componentSchemas(): Record<string, JsonSchema> {
  const { schemas } = z.toJSONSchema(apiRegistry, {
    metadata: apiRegistry,
    io: "output",
    unrepresentable: "any",
    override: tidy("output"),
    uri: (id) => `#/components/schemas/${id}`,
  }) as {
    schemas: Record<string, JsonSchema>;
  };
  const out: Record<string, JsonSchema> = {};
  for (const [id, schema] of Object.entries(schemas)) {
    const { $schema: _s, $id: _id, ...rest } = schema;
    out[id] = rest;
  }
  return out;
}

export function buildOpenApi(routes: Route[], serverUrl = "/"): OpenApiDocument {
  const paths: OpenApiDocument["paths"] = {};
  for (const route of routes) {
    const { path } = openApiPath(route.path);
    const method = route.method.toLowerCase() as "get" | "post" | "patch" | "delete";
    (paths[path] ??= {})[method] = operation(route);
  }
  const tags = [...new Set(Object.values(paths).flatMap((p) => Object.values(p).flatMap((op) => op.tags)))].map((name) => ({ name }));
  return {
    openapi: "3.1.0",
    info: {
      title: "CoRATES Workspaces API",
      version: "1.0.0",
      description:
        "JSON API of workspaces (orgs), members, invitations and projects. Bodies and answers are JSON, camelCase, timestamps " +
        "ISO 8601. Authentication is the Better Auth session cookie (sign in through /api/auth/*, Better Auth's own API, not " +
        "described here). State-changing requests from another site are refused (CSRF_REJECTED). Lists take limit " +
        "(default 50, max 100) and an opaque cursor.",
    },
    servers: [{ url: serverUrl }],
    security: [{ cookieAuth: [] }],
    tags,
    paths,
    components: {
      schemas: componentSchemas(),
      securitySchemes: {
        cookieAuth: {
          type: "apiKey",
          in: "cookie",
          name: SESSION_COOKIE,
          description: `The Better Auth session cookie (${SESSION_COOKIE}; __Secure-${SESSION_COOKIE} over HTTPS).`,
        },
      },
    },
  };
}
