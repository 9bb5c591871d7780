/**
 * Content negotiation by an Accept header (RFC 9110 §12.5.1), just enough for a
 * route with a second media type: the offered type with the highest q that the
 * header accepts (ties go to the earlier offer, so the first is the default);
 * undefined when the header accepts none of them.
 */
export function negotiate(accept: string | undefined, offered: readonly string[]): string | undefined {
  if (!accept?.trim()) return offered[0];
  const ranges = accept.split(',').map((part) => {
    const [range = '', ...params] = part.split(';').map((p) => p.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    const weight = q ? Number(q.slice(2)) : 1;
    return { range, q: Number.isFinite(weight) ? weight : 0 };
  });
  const quality = (type: string): number => {
    const [main] = type.split('/');
    const exact = ranges.find((r) => r.range === type);
    if (exact) return exact.q;
    const sub = ranges.find((r) => r.range === `${main}/*`);
    if (sub) return sub.q;
    return ranges.find((r) => r.range === '*/*')?.q ?? 0;
  };
  let best: string | undefined;
  let bestQ = 0;
  for (const type of offered) {
    const q = quality(type);
    if (q > bestQ) {
      best = type;
      bestQ = q;
    }
  }
  return best;
}
