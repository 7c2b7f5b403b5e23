// Writes <file>.gz (gzip level 9) next to every compressible file in dist/.
// chatterd serves the .gz variant when the client sends Accept-Encoding: gzip.
import { readdir, readFile, writeFile, stat, unlink } from 'node:fs/promises';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, constants } from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', process.argv[2] ?? 'dist');
const EXTENSIONS = ['.js', '.css', '.html', '.svg', '.json'];

async function* walk(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.isFile()) yield path;
  }
}

let count = 0;
let before = 0;
let after = 0;
for await (const file of walk(root)) {
  if (file.endsWith('.gz')) {
    // A stale .gz whose source is gone would be served for a file that no longer exists.
    const source = file.slice(0, -3);
    if (!(await stat(source).catch(() => null))) await unlink(file);
    continue;
  }
  if (!EXTENSIONS.some((ext) => file.endsWith(ext))) continue;
  const data = await readFile(file);
  const gz = gzipSync(data, { level: constants.Z_BEST_COMPRESSION });
  await writeFile(`${file}.gz`, gz);
  count += 1;
  before += data.length;
  after += gz.length;
}
console.log(`precompress: ${count} files, ${before} -> ${after} bytes (gzip -9) in ${root}`);
