/**
 * Validates bodies against Plaid's published OpenAPI contract (../shared/contracts, beside the
 * project root). OpenAPI 3.0 schemas are turned into JSON Schema for ajv: `$ref`s point into one
 * schema registered under an $id, `nullable` becomes a null alternative, boolean
 * exclusiveMinimum/Maximum (OAS 3.0 style) are rewritten, unknown formats are accepted.
 */
import fs from "node:fs";
import path from "node:path";
import Ajv, { type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import YAML from "yaml";

const ROOT = path.resolve(import.meta.dirname, "../../..");
export const PLAID_OPENAPI_PATH = path.resolve(ROOT, "../shared/contracts/plaid-openapi-2020-09-14.yml");
const ID = "https://plaid-openapi.sandbox.test/components";

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

const isObject = (v: Json | undefined): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);

function convert(node: Json): Json {
  if (Array.isArray(node)) return node.map(convert);
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === "example" || k === "examples" || k === "discriminator" || k.startsWith("x-")) continue;
    if (k === "$ref" && typeof v === "string") {
      out.$ref = v.replace(/^#\/components\/schemas\//, `${ID}/`);
      continue;
    }
    out[k] = convert(v);
  }
  for (const bound of ["exclusiveMinimum", "exclusiveMaximum"] as const) {
    const limit = bound === "exclusiveMinimum" ? "minimum" : "maximum";
    if (typeof out[bound] === "boolean") {
      if (out[bound] === true && typeof out[limit] === "number") {
        out[bound] = out[limit];
        delete out[limit];
      } else delete out[bound];
    }
  }
  // $ref siblings are not reliable in draft-07: wrap them.
  if (typeof out.$ref === "string" && Object.keys(out).length > 1) {
    const { $ref, ...rest } = out;
    return wrapNullable({ ...rest, allOf: [{ $ref }, ...(Array.isArray(rest.allOf) ? rest.allOf : [])] });
  }
  return wrapNullable(out);
}

function wrapNullable(out: JsonObject): JsonObject {
  if (out.nullable !== true) {
    delete out.nullable;
    return out;
  }
  delete out.nullable;
  if (typeof out.type === "string") {
    out.type = [out.type, "null"];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    return out;
  }
  return { anyOf: [out, { type: "null" }] };
}

function collectFormats(node: Json, into: Set<string>): void {
  if (Array.isArray(node)) node.forEach((n) => collectFormats(n, into));
  else if (isObject(node)) {
    for (const [k, v] of Object.entries(node)) {
      if (k === "format" && typeof v === "string") into.add(v);
      else collectFormats(v, into);
    }
  }
}

interface Spec {
  ajv: Ajv;
  paths: JsonObject;
}

let spec: Spec | null = null;

function load(): Spec {
  if (spec) return spec;
  const doc = YAML.parse(fs.readFileSync(PLAID_OPENAPI_PATH, "utf8")) as JsonObject;
  const components = doc.components;
  const schemas = isObject(components) && isObject(components.schemas) ? components.schemas : null;
  if (!schemas || !isObject(doc.paths)) throw new Error("unexpected OpenAPI document shape");
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  const formats = new Set<string>();
  collectFormats(schemas, formats);
  for (const f of formats) if (!ajv.formats[f]) ajv.addFormat(f, true);
  // One ajv schema per component (absolute id `…/components/<Name>`): compiling an operation then only
  // compiles the components it reaches.
  for (const [name, schema] of Object.entries(schemas)) {
    const converted = convert(schema);
    if (isObject(converted)) ajv.addSchema({ ...converted, $id: `${ID}/${name}` });
  }
  spec = { ajv, paths: doc.paths };
  return spec;
}

/** Parses the contract and registers its schemas (a few seconds; call it from beforeAll). */
export function loadPlaidOpenApi(): void {
  load();
}

const cache = new Map<string, ValidateFunction>();

function compileRef(ref: string): ValidateFunction {
  const hit = cache.get(ref);
  if (hit) return hit;
  const v = load().ajv.compile({ $ref: ref.replace(/^#\/components\/schemas\//, `${ID}/`) });
  cache.set(ref, v);
  return v;
}

/** The response schema $ref of `POST <path>` for a status (non-2xx → the `default` error schema). */
export function responseSchemaRef(opPath: string, status: number): string {
  const op = load().paths[opPath];
  const post = isObject(op) ? op.post : undefined;
  const responses = isObject(post) ? post.responses : undefined;
  if (!isObject(responses)) throw new Error(`no operation POST ${opPath} in the Plaid OpenAPI contract`);
  const entry = responses[String(status)] ?? (status >= 200 && status < 300 ? responses["200"] : responses.default);
  const content = isObject(entry) ? entry.content : undefined;
  const json = isObject(content) ? content["application/json"] : undefined;
  const schema = isObject(json) ? json.schema : undefined;
  if (!isObject(schema) || typeof schema.$ref !== "string") throw new Error(`no JSON schema for POST ${opPath} → ${status}`);
  return schema.$ref;
}

function format(v: ValidateFunction): string[] {
  return (v.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? ""} ${JSON.stringify(e.params)}`);
}

export function validateResponse(opPath: string, status: number, body: unknown): string[] {
  const v = compileRef(responseSchemaRef(opPath, status));
  return v(body) ? [] : format(v);
}

/** Throws (listing ajv's errors) when the body does not match the operation's schema. */
export function assertResponse(opPath: string, status: number, body: unknown): void {
  const errors = validateResponse(opPath, status, body);
  if (errors.length > 0) throw new Error(`POST ${opPath} → ${status} does not match the OpenAPI schema:\n  ${errors.slice(0, 15).join("\n  ")}`);
}

/** Validates against a named component schema (e.g. a webhook body). */
export function assertComponent(name: string, value: unknown): void {
  const v = compileRef(`#/components/schemas/${name}`);
  if (!v(value)) throw new Error(`value does not match ${name}:\n  ${format(v).slice(0, 15).join("\n  ")}`);
}
