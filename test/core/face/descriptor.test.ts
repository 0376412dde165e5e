import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { typedCode } from '../../support/typed-errors.ts';
import {
  DESCRIPTOR_LENGTH,
  distanceToTemplate,
  euclidean,
  validateDescriptor,
  validateTemplate,
} from '../../../src/core/face/descriptor.ts';

const unit = (i: number): number[] => Array.from({ length: DESCRIPTOR_LENGTH }, (_, k) => (k === i ? 1 : 0));

describe('validateDescriptor', () => {
  it.each([
    ['NaN', Object.assign(unit(0), { 5: Number.NaN })],
    ['Infinity', Object.assign(unit(0), { 7: Number.POSITIVE_INFINITY })],
    ['a string inside', Object.assign(unit(0), { 3: '0.1' })],
    ['127 values', unit(0).slice(1)],
    ['129 values', [...unit(0), 0]],
    ['all zeros', new Array(DESCRIPTOR_LENGTH).fill(0)],
    ['exploded values', new Array(DESCRIPTOR_LENGTH).fill(1e3)],
    ['an object', { length: 128 }],
    ['undefined', undefined],
  ])('rejects %s with INVALID_DESCRIPTOR', (_n, value) => {
    expect(typedCode(() => validateDescriptor(value))).toBe('INVALID_DESCRIPTOR');
  });

  it('accepts any finite, non-degenerate 128-d vector', () => {
    fc.assert(
      fc.property(
        fc.array(fc.float({ min: -1, max: 1, noNaN: true }), { minLength: 128, maxLength: 128 }),
        (values) => {
          const norm = values.reduce((s, v) => s + Math.fround(v) ** 2, 0);
          if (norm <= 0.02 || norm >= 99) return;
          expect(validateDescriptor(values)).toHaveLength(DESCRIPTOR_LENGTH);
        },
      ),
    );
  });
});

describe('templates and distance', () => {
  it('uses the nearest enrolled descriptor', () => {
    const tpl = validateTemplate({ modelId: 'm', descriptors: [unit(0), unit(1)] });
    expect(distanceToTemplate(tpl, validateDescriptor(unit(1)))).toBe(0);
    expect(euclidean(validateDescriptor(unit(0)), validateDescriptor(unit(2)))).toBeCloseTo(Math.SQRT2, 6);
  });

  it.each([
    ['no descriptors', { modelId: 'm', descriptors: [] }],
    ['eleven descriptors', { modelId: 'm', descriptors: Array.from({ length: 11 }, () => unit(0)) }],
    ['a NaN descriptor', { modelId: 'm', descriptors: [Object.assign(unit(0), { 1: Number.NaN })] }],
    ['no model id', { descriptors: [unit(0)] }],
  ])('rejects a template with %s', (_n, value) => {
    expect(typedCode(() => validateTemplate(value))).toBe('INVALID_TEMPLATE');
  });

  it('refuses a template made by another model', () => {
    expect(
      typedCode(() => validateTemplate({ modelId: 'old-model', descriptors: [unit(0)] }, 'new-model')),
    ).toBe('INVALID_TEMPLATE');
  });
});
