/**
 * The engine's descriptor pipelines on real photos with the real models: each pipeline per
 * request, a template enrolled under the old pipeline still verified with the old pipeline and
 * its own rule, the aligned chip wiped like every other copy of the frame, and the research
 * variants the accuracy harness scores equal to what the engine computes.
 */
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import type { QualityVerdict, RawFrame } from '../../../src/shared/face.ts';
import { loadDecisionRules } from '../../../src/core/face/decision-rule-file.ts';
import { euclidean } from '../../../src/core/face/descriptor.ts';
import { FaceAnalyzer } from '../../../src/core/face/face-analyzer.ts';
import { verify, type Probe } from '../../../src/core/face/matcher.ts';
import type { PixelCopyKind } from '../../../src/core/face/pixel-copies.ts';
import {
  CURRENT_PIPELINE,
  FACE_PIPELINES,
  PIPELINE_IDS,
  type DescriptorPurpose,
  type PipelineId,
} from '../../../src/core/face/pipelines.ts';
import { allZero, fixtureBytes, fixtureFrame, frameFrom } from '../../support/frames.ts';
import { MODELS_DIR } from '../../support/paths.ts';
import { typedRejection } from '../../support/typed-errors.ts';

const LEGACY: PipelineId = 'tanu-face-2026.11.2';
const rules = loadDecisionRules();
let analyzer: FaceAnalyzer;
let wiped: { kind: PixelCopyKind; data: ArrayLike<number> }[] = [];

beforeAll(async () => {
  analyzer = await FaceAnalyzer.create({
    modelsDir: MODELS_DIR,
    onCopiesWiped: (copies) => {
      wiped = [...copies];
    },
  });
});

async function describeAs(
  name: string,
  pipeline: PipelineId,
  purpose: DescriptorPurpose = 'verify',
): Promise<{ descriptor: number[]; quality: QualityVerdict }> {
  const analysis = await analyzer.analyze(await fixtureFrame(name), { descriptor: true, pipeline, purpose });
  expect(analysis.pipeline).toBe(pipeline);
  if (!analysis.descriptor) throw new Error(`no face in ${name}`);
  // The harness has no live gate: every described photo stands for a gate-passing frame.
  return { descriptor: analysis.descriptor, quality: { ...analysis.quality, ok: true, reasons: [] } };
}

/** A fixture photo scaled and moved inside a grey 640×480 frame: the same sitting, framed differently. */
async function reframed(name: string, scale: number, dx: number, dy: number): Promise<RawFrame> {
  const meta = await sharp(fixtureBytes(name)).metadata();
  const height = Math.round(480 * scale);
  const width = Math.round(((meta.width ?? 1) * height) / (meta.height ?? 1));
  const photo = await sharp(fixtureBytes(name)).resize(width, height).toBuffer();
  return frameFrom(
    sharp({ create: { width: 640, height: 480, channels: 3, background: '#808080' } }).composite([
      { input: photo, left: Math.round((640 - width) / 2 + dx), top: Math.round((480 - height) / 2 + dy) },
    ]),
  );
}

async function describeFrame(frame: Promise<RawFrame>, pipeline: PipelineId): Promise<Probe> {
  const analysis = await analyzer.analyze(await frame, { descriptor: true, pipeline });
  if (!analysis.descriptor) throw new Error('no face');
  return { descriptor: analysis.descriptor, quality: { ...analysis.quality, ok: true, reasons: [] } };
}

describe('descriptor pipelines', () => {
  it('knows the legacy and the current pipeline, the current one aligning like dlib', () => {
    expect(PIPELINE_IDS).toEqual([LEGACY, CURRENT_PIPELINE]);
    expect(FACE_PIPELINES[CURRENT_PIPELINE].alignment).toBe('dlib-chip');
    expect(FACE_PIPELINES[LEGACY]).toEqual({
      alignment: 'landmark-box',
      mirrorAverage: { enrol: true, verify: true },
    });
  });

  it('describes with the asked pipeline: two descriptor spaces, each separating the two people', async () => {
    for (const pipeline of PIPELINE_IDS) {
      const a = await describeAs('obama/obama.jpg', pipeline);
      const b = await describeAs('obama/obama_small.jpg', pipeline);
      const c = await describeAs('biden/biden2.jpg', pipeline);
      expect(euclidean(a.descriptor, b.descriptor), pipeline).toBeLessThan(rules[pipeline].threshold);
      expect(euclidean(a.descriptor, c.descriptor), pipeline).toBeGreaterThan(rules[pipeline].threshold);
    }
    // The same photo lands far apart in the two spaces: distances only mean something within one.
    const legacy = await describeAs('obama/obama.jpg', LEGACY);
    const current = await describeAs('obama/obama.jpg', CURRENT_PIPELINE);
    expect(euclidean(legacy.descriptor, current.descriptor)).toBeGreaterThan(0.1);
  });

  it('verifies a template enrolled under the old pipeline with the old pipeline and its own rule', async () => {
    // Enrolled before the change; the visit's frames are the same sitting, framed differently.
    const enrolled = await describeAs('obama/obama.jpg', LEGACY, 'enrol');
    const template = { modelId: rules[LEGACY].modelId, descriptors: [enrolled.descriptor] };
    const sitting = async (pipeline: PipelineId): Promise<Probe[]> => [
      await describeAs('obama/obama_small.jpg', pipeline),
      await describeFrame(reframed('obama/obama.jpg', 0.8, 40, 10), pipeline),
      await describeFrame(reframed('obama/obama.jpg', 0.6, -60, 30), pipeline),
    ];
    const impostor = [
      await describeAs('biden/biden.jpg', LEGACY),
      await describeAs('biden/biden2.jpg', LEGACY),
      await describeFrame(reframed('biden/biden2.jpg', 0.7, 20, 0), LEGACY),
    ];
    expect(verify(template, await sitting(LEGACY), rules[LEGACY]).outcome).toBe('match');
    expect(verify(template, impostor, rules[LEGACY]).outcome).toBe('no_match');
    // Re-enrolled under the current pipeline, the patient is identified by it from press photos
    // taken years apart.
    const renewed = await describeAs('obama/obama.jpg', CURRENT_PIPELINE, 'enrol');
    const renewedTemplate = { modelId: rules[CURRENT_PIPELINE].modelId, descriptors: [renewed.descriptor] };
    const years = await Promise.all(
      ['obama/obama_small.jpg', 'obama/obama2.jpg', 'obama/obama3.jpg'].map((n) =>
        describeAs(n, CURRENT_PIPELINE),
      ),
    );
    expect(verify(renewedTemplate, years, rules[CURRENT_PIPELINE]).outcome).toBe('match');
  });

  it('describes the face for a template refresh from the same detection, as enrolment with that pipeline would', async () => {
    const analysis = await analyzer.analyze(await fixtureFrame('obama/obama.jpg'), {
      descriptor: true,
      pipeline: LEGACY,
      templateRefresh: CURRENT_PIPELINE,
    });
    const legacy = await describeAs('obama/obama.jpg', LEGACY);
    const enrolled = await describeAs('obama/obama.jpg', CURRENT_PIPELINE, 'enrol');
    expect(analysis.pipeline).toBe(LEGACY);
    expect(euclidean(analysis.descriptor ?? [], legacy.descriptor)).toBeLessThan(1e-6);
    expect(euclidean(analysis.refreshDescriptor ?? [], enrolled.descriptor)).toBeLessThan(1e-6);
    const unknown = { descriptor: true, templateRefresh: 'tanu-face-2099.1.1' as PipelineId };
    expect(await typedRejection(analyzer.analyze(await fixtureFrame('obama/obama.jpg'), unknown))).toBe(
      'INVALID_TEMPLATE',
    );
  });

  it('describes the face for an enrolment’s duplicate check from the same detection, as enrolment with that pipeline would', async () => {
    const analysis = await analyzer.analyze(await fixtureFrame('obama/obama.jpg'), {
      descriptor: true,
      purpose: 'enrol',
      duplicateCheck: [LEGACY],
    });
    const enrolled = await describeAs('obama/obama.jpg', CURRENT_PIPELINE, 'enrol');
    const legacy = await describeAs('obama/obama.jpg', LEGACY, 'enrol');
    expect(analysis.pipeline).toBe(CURRENT_PIPELINE);
    expect(analysis.descriptor).toEqual(enrolled.descriptor);
    expect(Object.keys(analysis.duplicateCheckDescriptors ?? {})).toEqual([LEGACY]);
    expect(analysis.duplicateCheckDescriptors?.[LEGACY]).toEqual(legacy.descriptor);
    // Not asked for a descriptor: nothing is described.
    const gate = await analyzer.analyze(await fixtureFrame('obama/obama.jpg'), { duplicateCheck: [LEGACY] });
    expect(gate.duplicateCheckDescriptors).toBeUndefined();
    for (const bad of [['tanu-face-2099.1.1'], LEGACY]) {
      const frame = await fixtureFrame('obama/obama.jpg');
      const options = { descriptor: true, duplicateCheck: bad as unknown as PipelineId[] };
      expect(await typedRejection(analyzer.analyze(frame, options))).toMatch(/^INVALID_(TEMPLATE|FRAME)$/);
      expect(allZero(frame.data)).toBe(true);
    }
  });

  it('refuses a pipeline it does not know with a typed error, and still wipes the frame', async () => {
    const frame = await fixtureFrame('obama/obama.jpg');
    const before = analyzer.tensorCount();
    const unknown = { descriptor: true, pipeline: 'tanu-face-2099.1.1' as PipelineId };
    expect(await typedRejection(analyzer.analyze(frame, unknown))).toBe('INVALID_TEMPLATE');
    expect(allZero(frame.data)).toBe(true);
    expect(analyzer.tensorCount()).toBe(before);
  });

  it('wipes the aligned chip with the frame’s other copies', async () => {
    const baseline = analyzer.tensorCount();
    const frame = await fixtureFrame('obama/obama.jpg');
    const analysis = await analyzer.analyze(frame, { descriptor: true, pipeline: CURRENT_PIPELINE });
    expect(analysis.descriptor).toHaveLength(128);
    expect(allZero(frame.data)).toBe(true);
    expect(wiped.map((c) => c.kind)).toEqual(expect.arrayContaining(['inference', 'chip', 'chip-source']));
    for (const copy of wiped) expect(allZero(copy.data), copy.kind).toBe(true);
    // The chip's tensors (the chip and its mirror image) are zeroed in the wasm heap and disposed.
    expect(analyzer.tensorCount()).toBe(baseline);
  });

  it('gives the accuracy harness exactly what the engine computes, for every pipeline and purpose', async () => {
    const { descriptorVariants } = await analyzer.analyze(await fixtureFrame('biden/biden2.jpg'), {
      descriptorVariants: ['landmark-box', 'dlib-chip'],
    });
    if (!descriptorVariants) throw new Error('no variants');
    for (const pipeline of PIPELINE_IDS) {
      for (const purpose of ['enrol', 'verify'] as const) {
        const spec = FACE_PIPELINES[pipeline];
        const v = descriptorVariants[spec.alignment];
        if (!v) throw new Error(`no ${spec.alignment} variant`);
        const composed = spec.mirrorAverage[purpose]
          ? v.plain.map((x, i) => (x + (v.mirrored[i] as number)) / 2)
          : v.plain;
        const engine = await describeAs('biden/biden2.jpg', pipeline, purpose);
        expect(engine.descriptor, `${pipeline} ${purpose}`).toEqual(composed);
      }
    }
  });
});
