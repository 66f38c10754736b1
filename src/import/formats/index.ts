/** Every import format, in the order `segproof import --help` lists them. Add a format here. */
import type { Importer } from '../types.js';
import { aerleonImporter } from './aerleon.js';
import { aristaImporter } from './arista.js';
import { brocadeImporter } from './brocade.js';
import { fortigateImporter } from './fortigate.js';
import { iosxrImporter } from './iosxr.js';
import { iptablesSaveImporter } from './iptables-save.js';
import { junosImporter } from './junos.js';
import { nftablesJsonImporter } from './nftables-json.js';
import { nxosImporter } from './nxos.js';
import { yamahaRtxImporter } from './yamaha-rtx.js';
import { ciscoIosImporter } from './cisco-ios.js';
import { ciscoAsaImporter } from './cisco-asa.js';

export const IMPORTERS: readonly Importer[] = [
  iptablesSaveImporter, nftablesJsonImporter,
  ciscoIosImporter, ciscoAsaImporter, nxosImporter, iosxrImporter, aristaImporter, brocadeImporter,
  junosImporter, fortigateImporter, yamahaRtxImporter,
  aerleonImporter,
];
