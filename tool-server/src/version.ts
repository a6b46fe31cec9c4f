import { readAppVersion } from '@tutorgraph/core';

/** The product version from the root package.json. */
export const VERSION: string = readAppVersion();
