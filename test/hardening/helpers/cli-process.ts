/** The CLI from source, as its own process (run with `node --import tsx`): for tests of stdout and stderr themselves. */
import { main } from '../../../src/cli/main.js';

process.exitCode = await main(process.argv);
