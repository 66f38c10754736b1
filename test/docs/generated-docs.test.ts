/** The format references in docs/ are generated; a stale checked-in copy fails here with the command that renews it. */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GENERATED_DOCS } from '../../scripts/docs/documents.js';

describe('generated docs', () => {
  for (const doc of GENERATED_DOCS) {
    it(`${doc.file} is current with the formats`, () => {
      const written = existsSync(doc.file) ? readFileSync(doc.file, 'utf8') : '';
      expect(written === doc.render(), `${doc.file} is stale: run \`npm run docs\` and commit the result`).toBe(true);
    });
  }
});
