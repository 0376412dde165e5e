/**
 * Pulled templates join the 1:N index of the pipeline that made them: the desk's current model's,
 * or an earlier pipeline's (searched in its own distances at enrolment); a deleted or revoked one
 * leaves it; another model's joins none.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { AppliedChange } from '../../../src/core/clinic-sync/registry-apply.ts';
import type { DeskIndexes } from '../../../src/core/clinic-sync/cross-desk-duplicates.ts';
import { indexPulledTemplates } from '../../../src/core/clinic-sync/registry-sync.ts';
import { TemplateIndex } from '../../../src/core/enrolment/template-index.ts';
import { randomDescriptor } from '../../support/descriptors.ts';

const MODEL = 'face-api-1.7.15/face_recognition_model';

function desk(): DeskIndexes & { legacy: TemplateIndex } {
  const legacy = new TemplateIndex();
  return {
    index: new TemplateIndex(),
    earlierIndexes: [
      { pipeline: 'tanu-face-2026.11.2', modelId: MODEL, duplicateThreshold: 0.32, index: legacy },
    ],
    model: { modelId: MODEL, modelVersion: 'tanu-face-2026.12.1', duplicateThreshold: 0.3 },
    legacy,
  };
}

function template(patientId: string, modelVersion: string, present = true, modelId = MODEL): AppliedChange {
  return {
    kind: 'template',
    id: randomUUID(),
    patientId,
    modelId,
    modelVersion,
    descriptors: present ? [randomDescriptor()] : null,
    enrolledAt: present ? new Date().toISOString() : null,
  };
}

describe('indexPulledTemplates', () => {
  it('puts each template in its own pipeline’s index, and none of another model', () => {
    const d = desk();
    indexPulledTemplates(
      [
        template('a', 'tanu-face-2026.12.1'),
        template('b', 'tanu-face-2026.11.2'),
        template('c', 'tanu-face-2026.11.2', true, 'another-model'),
        template('d', 'tanu-face-2025.01.1'),
        { kind: 'patient', id: 'e' },
      ],
      d,
    );
    expect([d.index.has('a'), d.index.has('b'), d.index.size]).toEqual([true, false, 1]);
    expect([d.legacy.has('b'), d.legacy.has('a'), d.legacy.size]).toEqual([true, false, 1]);
  });

  it('takes a deleted or revoked template out of its pipeline’s index only', () => {
    const d = desk();
    indexPulledTemplates([template('a', 'tanu-face-2026.12.1'), template('a', 'tanu-face-2026.11.2')], d);
    // Refreshed at another desk: the clinic revokes the older template.
    indexPulledTemplates([template('a', 'tanu-face-2026.11.2', false)], d);
    expect(d.index.has('a')).toBe(true);
    expect(d.legacy.size).toBe(0);
  });
});
