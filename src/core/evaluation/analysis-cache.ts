/**
 * A cache of per-image analyses for the accuracy harness, so that re-scoring (a new threshold, a
 * new rule, another pipeline) does not re-run 7,701 images through the network. Each entry holds
 * the net's output for every alignment, plain and mirrored, from one detection, so every pipeline
 * is scored on the same detections and landmarks. Keyed by the analysis version and condition, and
 * per image by the SHA-256 of its bytes: a changed photo is analysed again.
 * Lives under .cache/ (git-ignored); descriptors of benchmark photos only, never of patients.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Box, QualityMetrics } from '../../shared/face.ts';
import type { DescriptorVariants } from '../face/face-analyzer.ts';

export interface CachedAnalysis {
  /** Image path relative to the images folder. */
  image: string;
  sha256: string;
  /** Null when no face was found (a rejection wherever the image is used). */
  variants: DescriptorVariants | null;
  metrics: QualityMetrics | null;
  faces: number;
  detector: string | null;
  /** The primary face's box in the frame (finding a one-person shot in a video needs it). */
  box?: Box;
}

export class AnalysisCache {
  private readonly file: string;
  private readonly entries = new Map<string, CachedAnalysis>();

  constructor(dir: string, pipelineKey: string, condition: string) {
    const folder = join(dir, pipelineKey);
    mkdirSync(folder, { recursive: true });
    this.file = join(folder, `${condition}.jsonl`);
    if (existsSync(this.file)) {
      for (const line of readFileSync(this.file, 'utf8').split('\n')) {
        if (!line.trim()) continue;
        try {
          const entry = JSON.parse(line) as CachedAnalysis;
          this.entries.set(entry.image, entry);
        } catch {
          // A line cut short by an interrupted run: analyse that image again.
        }
      }
    }
  }

  get(image: string, sha256: string): CachedAnalysis | undefined {
    const entry = this.entries.get(image);
    return entry && entry.sha256 === sha256 ? entry : undefined;
  }

  put(entry: CachedAnalysis): void {
    this.entries.set(entry.image, entry);
    appendFileSync(this.file, `${JSON.stringify(entry)}\n`);
  }
}
