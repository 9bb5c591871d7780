import { resolvePort } from '../container';
import { type Clock, systemClock } from '../ports/clock';

export const clock = (): Clock => resolvePort('clock', () => systemClock);
