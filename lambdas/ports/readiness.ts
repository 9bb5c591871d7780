/** A dependency the API cannot answer without (the table): resolves when it answers, rejects otherwise. */
export interface ReadinessProbe {
  name: string;
  probe(signal: AbortSignal): Promise<void>;
}
