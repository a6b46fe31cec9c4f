import { openText, sealText } from '../lti/lti-keys.repository.js';

/** Seals a secret for a text column (AES-256-GCM under LTI_KEY, as the LTI keys are). */
export const sealSecret = (plain: string, key: string): string => JSON.stringify(sealText(plain, key));

/** Opens what `sealSecret` sealed; throws if the key changed or the value was altered. */
export const openSecret = (sealed: string, key: string): string => openText(JSON.parse(sealed) as Record<string, unknown>, key);
