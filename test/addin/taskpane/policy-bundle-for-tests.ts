/**
 * `virtual:jobplan-policies` under vitest (vitest.config.ts aliases it here): the very bundle the add-in build
 * embeds, collected by scripts/bundle-policies.ts, so tests of the engine service judge with the shipped packs.
 */
import { collectPolicyBundle } from '../../../scripts/bundle-policies.js';

export default collectPolicyBundle();
