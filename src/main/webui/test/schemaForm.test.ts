import { describe, expect, it } from 'vitest';
import { collectParams, errorsByField, fieldsOf, fits, humanize, initialValues } from '../src/lib/schemaForm';
import type { JsonSchema } from '../src/lib/types';

// The image-resize module's params schema.
const resize: JsonSchema = {
  type: 'object',
  properties: {
    width: { type: 'integer', minimum: 1, maximum: 10000, description: 'Target width in pixels.' },
    height: { type: 'integer', minimum: 1, maximum: 10000 },
    format: { type: 'string', enum: ['png', 'jpeg', 'webp'], default: 'png' },
    keepAspect: { type: 'boolean', default: true },
    quality: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
    name: { type: 'string', maxLength: 20 },
    crop: { type: 'object', properties: { x: { type: 'integer' } } },
    lang: { type: ['string', 'null'] },
  },
  required: ['width'],
  additionalProperties: false,
};

describe('fieldsOf', () => {
  it('makes one field per property with kind, bounds, options and required', () => {
    const f = fieldsOf(resize);
    expect(f.map((x) => [x.name, x.kind])).toEqual([
      ['width', 'integer'],
      ['height', 'integer'],
      ['format', 'enum'],
      ['keepAspect', 'boolean'],
      ['quality', 'number'],
      ['name', 'string'],
      ['crop', 'json'],
      ['lang', 'string'],
    ]);
    expect(f[0]).toMatchObject({ path: 'params.width', label: 'Width', required: true, min: 1, max: 10000, step: 1 });
    expect(f[2].options).toEqual(['png', 'jpeg', 'webp']);
    expect(f[3].label).toBe('Keep aspect');
    expect(f[4]).toMatchObject({ min: 0, max: 1 });
    expect(f[1].required).toBe(false);
  });
  it('has no fields for a missing or property-less schema', () => {
    expect(fieldsOf(null)).toEqual([]);
    expect(fieldsOf({ type: 'object' })).toEqual([]);
  });
});

describe('collectParams', () => {
  const fields = fieldsOf(resize);
  it('sends numbers as numbers, leaves empty optional fields out, keeps booleans with defaults', () => {
    const v = { ...initialValues(fields), width: '640', crop: '{"x": 3}' };
    expect(collectParams(fields, v)).toEqual({ params: { width: 640, format: 'png', keepAspect: true, crop: { x: 3 } }, errors: [] });
  });
  it('reports unreadable values on their field, in the API format', () => {
    const v = { ...initialValues(fields), width: '', height: '1.5', quality: 'abc', crop: '{bad' };
    expect(collectParams(fields, v).errors).toEqual([
      { field: 'params.width', message: 'is required' },
      { field: 'params.height', message: 'must be a whole number' },
      { field: 'params.quality', message: 'must be a number' },
      { field: 'params.crop', message: 'is not valid JSON' },
    ]);
  });
  it('sends an unchecked boolean as false when the schema has a default', () => {
    const v = { ...initialValues(fields), width: '1', keepAspect: false };
    expect(collectParams(fields, v).params.keepAspect).toBe(false);
  });
  it('keeps the type of enum options', () => {
    const f = fieldsOf({ type: 'object', properties: { n: { enum: [1, 2, 3] } } });
    expect(collectParams(f, { n: '2' }).params).toEqual({ n: 2 });
  });
});

describe('errorsByField', () => {
  const known = ['inputs.image', 'params.width', 'params.format', 'maxAttempts'];
  it('puts errors at the fields they name', () => {
    const byField = errorsByField(
      [
        { field: 'params.width', message: 'must have a minimum value of 1' },
        { field: 'inputs.image', message: 'is required (IMAGE)' },
        { field: 'maxAttempts', message: 'must be between 1 and 10' },
      ],
      known,
    );
    expect(byField).toEqual({
      'params.width': ['must have a minimum value of 1'],
      'inputs.image': ['is required (IMAGE)'],
      maxAttempts: ['must be between 1 and 10'],
    });
  });
  it('moves a whole-params error that names a property to that field, else above the form', () => {
    const byField = errorsByField(
      [
        { field: 'params', message: "required property 'width' not found" },
        { field: 'params', message: "property 'zoom' is not defined in the schema" },
        { field: 'params.format.x', message: 'nested' },
      ],
      known,
    );
    expect(byField['params.width']).toEqual(["required property 'width' not found"]);
    expect(byField['']).toEqual(["params: property 'zoom' is not defined in the schema"]);
    expect(byField['params.format']).toEqual(['nested']);
  });
});

describe('fits and humanize', () => {
  it('lets a FILE port take any kind and other ports only their own', () => {
    expect(fits('FILE', 'VIDEO')).toBe(true);
    expect(fits('IMAGE', 'IMAGE')).toBe(true);
    expect(fits('IMAGE', 'VIDEO')).toBe(false);
  });
  it('turns names into labels', () => {
    expect(humanize('max_size')).toBe('Max size');
    expect(humanize('minFaceSize')).toBe('Min face size');
  });
});
