/** `segproof explain <model>`: the separation matrix an auditor signs, with every cell's basis. */
import { MODELS } from '../../topology/format.js';
import type { SegmentationModel } from '../../topology/model.js';
import { explainMatrix, matrixJson } from '../../verify/matrix/explain.js';
import { EXIT } from '../io.js';
import { LANG_FLAGS, LANG_HELP, langOrReport, reportDiagnostics } from '../load-topology.js';
import { localiseExplainText } from '../../i18n/matrix-ja.js';
import type { RegisterCommand } from './index.js';

export const registerExplainCommand: RegisterCommand = (program, io, setExitCode) => {
  program
    .command('explain')
    .description(`print the separation matrix of a model (${MODELS.join(', ')}): what may cross between zone classes, how it is checked, and its basis; exit 0, 2 unknown model`)
    .argument('<model>', 'segmentation model')
    .option('--json', 'machine-readable output')
    .option(LANG_FLAGS, LANG_HELP)
    .action((model: string, options: { json?: boolean; lang?: string }) => {
      const lang = langOrReport(options.lang, io, options.json ?? false);
      if (!lang) return setExitCode(EXIT.badInput);
      if (!(MODELS as readonly string[]).includes(model)) {
        reportDiagnostics([{ code: 'CLI001', severity: 'error', message: `unknown model "${model}"`, location: undefined, expected: `one of ${MODELS.join(', ')}`, hint: 'the model a topology declares in its `model:` key' }], io, options.json ?? false);
        return setExitCode(EXIT.badInput);
      }
      const m = model as SegmentationModel;
      io.stdout(options.json ? JSON.stringify(matrixJson(m), null, 2) : localiseExplainText(explainMatrix(m), lang));
      setExitCode(EXIT.ok);
    });
};
