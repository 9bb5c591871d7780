import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

// zod/mini ships no messages by default ("Invalid input"); clients deserve English ones.
config(en());

// Re-exported statically (not as a namespace value) so bundles keep only the parts they use.
export * from 'zod/mini';
