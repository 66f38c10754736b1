/** Every import format, in the order `segproof import --help` lists them. Add a format here. */
import type { Importer } from '../types.js';
import { aerleonImporter } from './aerleon.js';
import { fortigateImporter } from './fortigate.js';
import { junosImporter } from './junos.js';
import { ciscoIosImporter } from './cisco-ios.js';

export const IMPORTERS: readonly Importer[] = [aerleonImporter, junosImporter, fortigateImporter, ciscoIosImporter];
