import { ServiceUnavailableError } from '../errors';
import { logger } from '../logger';
import type { ReadinessProbe } from '../ports/readiness';

export interface CheckReadinessDeps {
  probes: readonly ReadinessProbe[];
  /** How long a dependency may take before it counts as not answering. */
  timeoutMs: number;
}

/**
 * Primary course:
 *  1. Ask every dependency to answer, each within the timeout.
 *  2. All answered: ready. Any did not: 503 (logged with its name; the answer says nothing of why).
 */
export async function checkReadiness(deps: CheckReadinessDeps): Promise<{ status: 'ok' }> {
  const results = await Promise.allSettled(
    deps.probes.map((p) => p.probe(AbortSignal.timeout(deps.timeoutMs))),
  );
  const failed = results.flatMap((r, i) => (r.status === 'rejected' ? [{ r, probe: deps.probes[i] }] : []));
  if (failed.length > 0) {
    for (const { r, probe } of failed)
      logger.warn('not ready', {
        dependency: probe?.name,
        error: r.status === 'rejected' ? String((r.reason as Error)?.name ?? r.reason) : undefined,
      });
    throw new ServiceUnavailableError();
  }
  return { status: 'ok' };
}
