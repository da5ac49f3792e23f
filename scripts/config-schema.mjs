// Writes schema/wirecluster.config.schema.json from the option spec (run `npm run schema` after a change).
import { writeFileSync } from 'node:fs';
import { configSchema } from '../dist/options/schema.js';

writeFileSync(new URL('../schema/wirecluster.config.schema.json', import.meta.url), `${JSON.stringify(configSchema(), null, 2)}\n`);
