// `node --import ./test/support/ts-register.mjs packages/talent-beacon-server/src/cli.ts proxy …`: runs the CLI from source.
import { register } from 'node:module';
import { registerInlineScript } from '../../scripts/rollup/inline-script.mjs';

register('./ts-hooks.mjs', import.meta.url);
registerInlineScript();
