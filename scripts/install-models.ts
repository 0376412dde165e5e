/**
 * Runs on `npm install`/`npm ci`: copies the face-api weights Tanu uses from the installed
 * @vladmandic/face-api package into models/ and checks every byte against models/manifest.json.
 * `--write-manifest` regenerates the manifest (after a deliberate model upgrade) and prints the
 * hash to pin in src/core/face/model-files.ts.
 */
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { INSTALLED_NETS, netFiles, sha256, type ModelManifest } from '../src/core/face/model-files.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const modelsDir = join(root, 'models');
const require = createRequire(import.meta.url);
const pkgJson = require.resolve('@vladmandic/face-api/package.json');
const pkg = JSON.parse(readFileSync(pkgJson, 'utf8')) as { version: string };
const sourceDir = join(dirname(pkgJson), 'model');
const files = INSTALLED_NETS.flatMap((net) => netFiles(net));

if (process.argv.includes('--write-manifest')) {
  const manifest: ModelManifest = {
    modelId: `face-api-${pkg.version}/face_recognition_model`,
    source: `@vladmandic/face-api@${pkg.version}`,
    files: {},
  };
  for (const file of files) {
    const bytes = readFileSync(join(sourceDir, file));
    manifest.files[file] = { sha256: sha256(bytes), bytes: bytes.length };
  }
  const text = `${JSON.stringify(manifest, null, 2)}\n`;
  writeFileSync(join(modelsDir, 'manifest.json'), text);
  console.log(`models/manifest.json written; pin MANIFEST_SHA256 = '${sha256(Buffer.from(text))}'`);
}

const manifest = JSON.parse(readFileSync(join(modelsDir, 'manifest.json'), 'utf8')) as ModelManifest;
let copied = 0;
for (const file of files) {
  const expected = manifest.files[file];
  if (!expected) throw new Error(`models/manifest.json does not list ${file}`);
  const target = join(modelsDir, file);
  if (existsSync(target) && sha256(readFileSync(target)) === expected.sha256) continue;
  const bytes = readFileSync(join(sourceDir, file));
  if (sha256(bytes) !== expected.sha256) {
    throw new Error(
      `${file} in ${manifest.source} does not match models/manifest.json: the installed @vladmandic/face-api ` +
        `(${pkg.version}) is not the one the manifest was made from. Refusing to install an unverified model.`,
    );
  }
  copyFileSync(join(sourceDir, file), target);
  copied += 1;
}
console.log(`models: ${files.length} files verified (${copied} copied) from ${manifest.source}`);
