// `npm run sdk:generate`: rewrites the SDK's generated files from the committed openapi.json.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OpenAPI3 } from 'openapi-typescript';
import { generateSdkSources } from './sdk-sources.ts';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const document = JSON.parse(readFileSync(join(packageRoot, '..', '..', 'openapi.json'), 'utf8')) as OpenAPI3;
for (const [file, text] of Object.entries(await generateSdkSources(document))) {
  mkdirSync(dirname(join(packageRoot, file)), { recursive: true });
  writeFileSync(join(packageRoot, file), text);
  console.log(`wrote clients/typescript/${file}`);
}
