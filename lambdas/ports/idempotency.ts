/** The first answer to a request, kept to be replayed. */
export interface StoredResponse {
  status: number;
  body: unknown;
}

/** A claimed key: this request holds it until `complete` (in the create transaction) or `release`. */
export interface IdempotencyClaim {
  scope: string;
  key: string;
  hash: string;
  owner: string;
  expiresAt: string;
}

export type IdempotencyBegin =
  | { kind: 'NEW'; claim: IdempotencyClaim }
  | { kind: 'REPLAY'; response: StoredResponse };

/** What goes into the create transaction to mark a claim completed with its answer. */
export interface IdempotencyCompletion {
  claim: IdempotencyClaim;
  response: StoredResponse;
}

/** Idempotency-Key records: claimed before a create, completed in its transaction, released when it fails. */
export interface IdempotencyPort {
  /**
   * Claims `key` for a request with body hash `hash`, or answers the first
   * request's response; 422 for another body, 409 while the first is in flight.
   */
  begin(scope: string, key: string, hash: string, now: Date): Promise<IdempotencyBegin>;
  /** Gives the key back after a failed request, so a retry with it can succeed. */
  release(claim: IdempotencyClaim): Promise<void>;
}
