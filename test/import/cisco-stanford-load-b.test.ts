/**
 * Standalone loads of Stanford backbone routers with their forwarding tables, through the real loader
 * (cisco-stanford.test.ts counts every router's lines). Split over files only to keep each quick.
 */
import { describe, expect, it } from 'vitest';
import { datasetFolder } from '../acl/datasets.js';
import { loadStanfordRouter } from './fixtures/cisco/support.js';

const root = datasetFolder('stanford-backbone');

describe.skipIf(!root)('cisco-ios on the Stanford backbone: standalone loads (b)', () => {
  for (const r of ['poza', 'pozb', 'roza', 'rozb', 'yoza', 'yozb']) {
    it(`${r} with its forwarding table loads`, async () => {
      expect(await loadStanfordRouter(root as string, r)).toEqual([]);
    });
  }
});
