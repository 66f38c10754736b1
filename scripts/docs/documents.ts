/** The generated documents and their renderers: `npm run docs` writes them, test/docs/ checks they are current. */
import { renderFlowFiles } from './flow-files.js';
import { renderScenarioFormat } from './scenario-format.js';
import { renderTopologyFormat } from './topology-format.js';

export const GENERATED_DOCS: readonly { readonly file: string; readonly render: () => string }[] = [
  { file: 'docs/topology-format.md', render: renderTopologyFormat },
  { file: 'docs/scenario-format.md', render: renderScenarioFormat },
  { file: 'docs/flow-files.md', render: renderFlowFiles },
];
