import { en } from 'zod/locales';
import * as z from 'zod/mini';

// zod/mini ships no messages by default ("Invalid input"); clients deserve English ones.
z.config(en());

export { z };
