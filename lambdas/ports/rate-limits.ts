/** Where a limit's sliding-window log lives: a scope (CLIENT, IDENT, NUMBER) and a key within it. */
export interface RateKey {
  scope: string;
  key: string;
}

/** A limit's log as read: its hits (epoch ms) and the version a write of it must still find. */
export interface RateLog extends RateKey {
  hits: number[];
  /** 0 when the log does not exist yet. */
  version: number;
}

/** A log's next content, written only if the log is still at the version it was read at. */
export interface RateLogWrite extends RateLog {
  /** Past this the log holds nothing that counts (the longest window), so it may be deleted. */
  expiresAt: Date;
}

export interface RateLogReader {
  /** Reads every log named, together, in one round trip (consistent reads). */
  read(keys: readonly RateKey[]): Promise<RateLog[]>;
}
