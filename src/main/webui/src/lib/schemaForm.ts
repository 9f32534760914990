// A module's params JSON Schema as form fields, the entered values back as params, and the
// API's 422 `errors[]` attached to the fields they name.

import type { FieldError, JsonSchema } from './types';

export type FieldKind = 'integer' | 'number' | 'string' | 'enum' | 'boolean' | 'json';

export interface Field {
  /** Property name inside params. */
  name: string;
  /** Where the API reports its errors: `params.<name>`. */
  path: string;
  label: string;
  kind: FieldKind;
  required: boolean;
  description?: string;
  default?: unknown;
  min?: number;
  max?: number;
  step?: number;
  options?: unknown[];
  pattern?: string;
  maxLength?: number;
}

function typeOf(s: JsonSchema): string | undefined {
  if (Array.isArray(s.type)) return s.type.find((t) => t !== 'null');
  return s.type;
}

/** "keepAspect" → "Keep aspect", "max_size" → "Max size". */
export function humanize(name: string): string {
  const words = name
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The fields of an object schema, in its property order. Anything unusual becomes a JSON field. */
export function fieldsOf(schema: JsonSchema | null | undefined): Field[] {
  if (!schema || typeof schema !== 'object' || !schema.properties) return [];
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties).map(([name, raw]) => {
    const s: JsonSchema = raw && typeof raw === 'object' ? raw : {};
    const type = typeOf(s);
    let kind: FieldKind = 'json';
    if (Array.isArray(s.enum) && s.enum.length > 0 && s.enum.every((v) => ['string', 'number', 'boolean'].includes(typeof v))) kind = 'enum';
    else if (type === 'integer') kind = 'integer';
    else if (type === 'number') kind = 'number';
    else if (type === 'boolean') kind = 'boolean';
    else if (type === 'string') kind = 'string';
    const field: Field = {
      name,
      path: `params.${name}`,
      label: s.title || humanize(name),
      kind,
      required: required.has(name),
      description: s.description,
      default: s.default,
    };
    if (kind === 'integer' || kind === 'number') {
      field.min = s.minimum ?? (s.exclusiveMinimum != null ? s.exclusiveMinimum + (kind === 'integer' ? 1 : 0) : undefined);
      field.max = s.maximum ?? (s.exclusiveMaximum != null ? s.exclusiveMaximum - (kind === 'integer' ? 1 : 0) : undefined);
      field.step = kind === 'integer' ? 1 : undefined;
    }
    if (kind === 'enum') field.options = s.enum;
    if (kind === 'string') {
      field.pattern = s.pattern;
      field.maxLength = s.maxLength;
    }
    return field;
  });
}

/** The form's starting values: defaults as the inputs show them (strings; booleans as booleans). */
export function initialValues(fields: Field[]): Record<string, string | boolean> {
  const v: Record<string, string | boolean> = {};
  for (const f of fields) {
    if (f.kind === 'boolean') v[f.name] = f.default === true;
    else if (f.default === undefined) v[f.name] = '';
    else if (f.kind === 'json') v[f.name] = JSON.stringify(f.default, null, 2);
    else v[f.name] = String(f.default);
  }
  return v;
}

/**
 * The params object from the form's values. Empty optional fields are left out, so the module's
 * defaults apply; numbers are sent as numbers. Values that cannot be read (a word in a number
 * field, broken JSON) come back as errors on their field, in the API's format, so the server's
 * and the form's own messages are shown the same way.
 */
export function collectParams(
  fields: Field[],
  values: Record<string, string | boolean>,
): { params: Record<string, unknown>; errors: FieldError[] } {
  const params: Record<string, unknown> = {};
  const errors: FieldError[] = [];
  for (const f of fields) {
    const raw = values[f.name];
    if (f.kind === 'boolean') {
      if (raw === true || f.required || f.default !== undefined) params[f.name] = raw === true;
      continue;
    }
    const text = typeof raw === 'string' ? raw.trim() : '';
    if (text === '') {
      if (f.required) errors.push({ field: f.path, message: 'is required' });
      continue;
    }
    if (f.kind === 'integer' || f.kind === 'number') {
      const n = Number(text);
      if (!Number.isFinite(n)) errors.push({ field: f.path, message: 'must be a number' });
      else if (f.kind === 'integer' && !Number.isInteger(n)) errors.push({ field: f.path, message: 'must be a whole number' });
      else params[f.name] = n;
    } else if (f.kind === 'enum') {
      const match = (f.options ?? []).find((o) => String(o) === text);
      params[f.name] = match === undefined ? text : match;
    } else if (f.kind === 'json') {
      try {
        params[f.name] = JSON.parse(text);
      } catch {
        errors.push({ field: f.path, message: 'is not valid JSON' });
      }
    } else {
      params[f.name] = typeof raw === 'string' ? raw : text;
    }
  }
  return { params, errors };
}

/**
 * Groups errors by the field they belong to. A whole-params error that names a property
 * ("required property 'width' not found") goes to that property's field; anything that fits no
 * field of the form lands under '' (shown above the form).
 */
export function errorsByField(errors: FieldError[], known: string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const knownSet = new Set(known);
  for (const e of errors) {
    let field = e.field ?? '';
    if (!knownSet.has(field)) {
      const named = /'([^']+)'/.exec(e.message ?? '');
      const prefix = field.split('.')[0];
      if (named && knownSet.has(`${prefix}.${named[1]}`)) field = `${prefix}.${named[1]}`;
      else {
        // params.size.width → params.size when only the parent is a field
        const parent = known.filter((k) => field.startsWith(`${k}.`)).sort((a, b) => b.length - a.length)[0];
        field = parent ?? '';
      }
    }
    const message = field === '' && e.field ? `${e.field}: ${e.message}` : e.message;
    (out[field] ??= []).push(message);
  }
  return out;
}

/** Which data kinds an input port takes: its own kind, or any for a FILE port. */
export function fits(portKind: string, itemKind: string): boolean {
  return portKind === 'FILE' || portKind === itemKind;
}
