import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type Bucket, fullBucket, type Pace, takeSend } from '../../domain/sms-delivery';
import type { Delivery } from '../../ports/sms-delivery';
import type { QueuedSms, SmsQueue } from '../../ports/sms-queue';
import { keys } from '../../table';

/** A queued SMS as `GET /_local/sms` lists it. */
export interface LocalQueuedSms {
  to: string;
  body: string;
  queuedAt: string;
}

export interface LocalFailedSms extends LocalQueuedSms {
  failedAt: string;
  /** OPTED_OUT or INVALID_NUMBER (undeliverable), or the last error (dead-lettered). */
  reason: string;
}

export interface LocalSmsQueueOptions {
  /** The local table (DynamoDB Local): the queue survives a restart with DATA_DIR. */
  db: () => DynamoDBDocumentClient;
  table: string;
  /** One delivery, exactly as the AWS drainer makes it (the deliver-sms use case). */
  deliver: (message: QueuedSms) => Promise<Delivery>;
  /** SMS_MAX_PER_SECOND, with a burst of one send per drainer container (SMS_DRAIN_CONCURRENCY), as in AWS. */
  pace: Pace;
  /** The host's clock, for the times the outbox shows. */
  now: () => Date;
  /** Receives of a failing SMS before it is dead-lettered (the queue's maxReceiveCount). */
  maxReceives?: number;
  /** How long a failed SMS waits before its next try (the queue's visibility timeout). */
  retryDelayMs?: number;
  /** Real time in ms (pace, delays, visibility). */
  realNow?: () => number;
}

interface Item {
  pk: string;
  sk: string;
  message: QueuedSms;
  queuedAt: string;
  visibleAt: number;
  receives: number;
  failedAt?: string;
  reason?: string;
}

/**
 * The local host's stand-in for the SQS queue and its drainer, with the same semantics: first in,
 * first out; drained at SMS_MAX_PER_SECOND through the same delivery use case (the delivery log's
 * exactly-once markers, undeliverable SMS recorded on their record); a throttled SMS waits the
 * same jittered backoff, and the whole line with it (the drainer pauses; here the SMS keeps its
 * place, where SQS would take it back as a delayed message that may come after later ones); one
 * failing `maxReceives` times goes to the dead-letter list. Kept in the local table (LOCALSMS#QUEUE|DEAD|FAILED), so a restart with DATA_DIR goes on
 * where it stopped.
 *
 * `enqueue` stores the SMS and then drains what the pace allows right away, without waiting for
 * it, so an SMS is usually in the outbox when the request that caused it answers, as before; one
 * over the pace stays queued and goes out on a timer.
 */
/** Deliveries under way at once at most: each waits on its DynamoDB writes and the gateway. */
const MAX_IN_FLIGHT = 8;

export class LocalSmsQueue implements SmsQueue {
  private bucket: Bucket;
  /** Drain passes run one after another: the last one scheduled, and the one waiting to start. */
  private tail: Promise<void> = Promise.resolve();
  private pending: Promise<void> | undefined;
  /** Deliveries under way (by sort key), at most MAX_IN_FLIGHT: as the drainer's containers send side by side. */
  private readonly inFlight = new Map<string, Promise<void>>();
  /** The QUEUE list's first read from the table, shared by everyone who needs it meanwhile. */
  private loading: Promise<Item[]> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Number.POSITIVE_INFINITY;
  private stopped = false;
  private seq = 0;
  private readonly realNow: () => number;
  /** The QUEUE list in sort-key order, mirrored in memory (read from the table once, then kept in step). */
  private queue: Item[] | undefined;
  /** After a throttled send, nothing goes out before this (real ms). */
  private pausedUntil = 0;

  constructor(private readonly options: LocalSmsQueueOptions) {
    this.realNow = options.realNow ?? Date.now;
    this.bucket = fullBucket(options.pace, this.realNow());
  }

  async enqueue(message: QueuedSms): Promise<void> {
    const waiting = (await this.queued()).length;
    await this.put('QUEUE', {
      message,
      queuedAt: this.options.now().toISOString(),
      visibleAt: 0,
      receives: 0,
    });
    // With nothing ahead of it, what the pace allows goes out before the request answers, as
    // before the queue; behind a backlog it waits its turn, and the request does not wait for it.
    if (waiting === 0) {
      await this.pump();
      // …and its delivery, if the pace let it start (as an SMS was sent before the queue existed).
      await Promise.all(this.inFlight.values());
    } else void this.pump();
  }

  /**
   * Starts what the pace allows now (one pass at a time; a call while one waits to start shares
   * it); what is left waits for a timer or for a delivery to finish.
   */
  pump(): Promise<void> {
    if (this.pending) return this.pending;
    const pass = this.tail.then(async () => {
      this.pending = undefined;
      try {
        await this.pumpOnce();
      } catch (error) {
        console.error('local SMS queue: drain failed', error);
        this.wakeAt(this.realNow() + this.retryDelayMs);
      }
    });
    this.pending = pass;
    this.tail = pass;
    return pass;
  }

  /** Resolves once the queue is empty (tests), waiting for the pace and for retries; throws after `timeoutMs`. */
  async drain(timeoutMs = 30_000): Promise<void> {
    const until = this.realNow() + timeoutMs;
    for (;;) {
      await this.pump();
      const queued = await this.queued();
      if (queued.length === 0 && this.inFlight.size === 0) return;
      if (this.realNow() > until) throw new Error(`local SMS queue: ${queued.length} SMS still queued`);
      const next = Math.min(...queued.map((i) => i.visibleAt));
      await new Promise((r) => setTimeout(r, Math.max(5, Math.min(250, next - this.realNow()))));
    }
  }

  /** What `GET /_local/sms` shows besides the sent messages. */
  async lists(): Promise<{
    queued: LocalQueuedSms[];
    undeliverable: LocalFailedSms[];
    deadLettered: LocalFailedSms[];
  }> {
    const [queued, failed, dead] = await Promise.all([
      this.queued(),
      this.items('FAILED'),
      this.items('DEAD'),
    ]);
    const brief = (i: Item): LocalQueuedSms => ({
      to: i.message.to,
      body: i.message.body,
      queuedAt: i.queuedAt,
    });
    const failure = (i: Item): LocalFailedSms => ({
      ...brief(i),
      failedAt: i.failedAt ?? '',
      reason: i.reason ?? '',
    });
    return { queued: queued.map(brief), undeliverable: failed.map(failure), deadLettered: dead.map(failure) };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.tail;
    await Promise.all(this.inFlight.values());
  }

  private get retryDelayMs() {
    return this.options.retryDelayMs ?? 1000;
  }

  private async pumpOnce(): Promise<void> {
    if (this.stopped) return;
    if (this.realNow() < this.pausedUntil) {
      this.wakeAt(this.pausedUntil);
      return;
    }
    const queued = await this.queued();
    const now = this.realNow();
    // The first few in line that may go now and are not already going (a copy: deliveries change the list).
    const visible: Item[] = [];
    let nextVisible = Number.POSITIVE_INFINITY;
    for (const i of queued) {
      if (this.inFlight.has(i.sk)) continue;
      if (i.visibleAt > now) nextVisible = Math.min(nextVisible, i.visibleAt);
      else if (visible.push(i) >= MAX_IN_FLIGHT) break;
    }
    if (visible.length === 0) {
      // Nothing may go now: wake when the next one may (one finishing in flight pumps by itself).
      if (nextVisible < Number.POSITIVE_INFINITY) this.wakeAt(nextVisible);
      return;
    }
    for (const item of visible) {
      if (this.inFlight.size >= MAX_IN_FLIGHT || this.realNow() < this.pausedUntil) return;
      const taken = takeSend(this.bucket, this.options.pace, this.realNow());
      this.bucket = taken.bucket;
      if (!taken.ok) {
        this.wakeAt(this.realNow() + taken.waitMs);
        return;
      }
      const flight = this.deliver(item)
        .then(
          () => undefined,
          (error: unknown) => {
            console.error('local SMS queue: delivery failed', error);
            this.wakeAt(this.realNow() + this.retryDelayMs);
          },
        )
        .finally(() => {
          this.inFlight.delete(item.sk);
          void this.pump();
        });
      this.inFlight.set(item.sk, flight);
    }
    // Started all it saw: look again for more (the pace or the line decides when).
    void this.pump();
  }

  /** One delivery and what follows from it; PAUSE when the gateway throttled (the rest waits its backoff). */
  private async deliver(item: Item): Promise<'NEXT' | 'PAUSE'> {
    let delivery: Delivery;
    try {
      delivery = await this.options.deliver(item.message);
    } catch (error) {
      const receives = item.receives + 1;
      const reason = error instanceof Error ? error.message : String(error);
      if (receives >= (this.options.maxReceives ?? 5)) {
        await this.put('DEAD', { ...item, receives, failedAt: this.options.now().toISOString(), reason });
        await this.remove(item);
      } else {
        // The same place in line (overwritten, never out of the line meanwhile), invisible until the
        // retry delay passed (SQS's visibility timeout).
        await this.put(
          'QUEUE',
          { ...item, receives, visibleAt: this.realNow() + this.retryDelayMs },
          item.sk,
        );
      }
      this.wakeAt(this.realNow() + this.retryDelayMs);
      return 'NEXT';
    }
    if (delivery.outcome === 'UNDELIVERABLE') {
      await this.put('FAILED', {
        ...item,
        failedAt: this.options.now().toISOString(),
        reason: delivery.reason,
      });
    }
    if (delivery.outcome !== 'THROTTLED' && delivery.outcome !== 'BUSY') await this.remove(item);
    else {
      const visibleAt = this.realNow() + delivery.retryAfterSeconds * 1000;
      // Delayed in its place, overwritten (the drainer sends it to SQS again with DelaySeconds).
      await this.put(
        'QUEUE',
        { message: delivery.message, queuedAt: item.queuedAt, visibleAt, receives: 0 },
        item.sk,
      );
      this.wakeAt(visibleAt);
      if (delivery.outcome === 'THROTTLED') {
        // The rest of the line waits the backoff too, as the drainer puts the rest of its batch back.
        this.pausedUntil = Math.max(this.pausedUntil, visibleAt);
        return 'PAUSE';
      }
    }
    return 'NEXT';
  }

  private wakeAt(at: number): void {
    if (this.stopped || at >= this.timerAt) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.timerAt = Number.POSITIVE_INFINITY;
        void this.pump();
      },
      Math.max(0, at - this.realNow()),
    );
    this.timer.unref();
  }

  /** The QUEUE list, in order: read from the table on first use (a restart goes on where it stopped). */
  private async queued(): Promise<Item[]> {
    this.loading ??= this.items('QUEUE').then((items) => {
      this.queue = items;
      return items;
    });
    return this.queue ?? (await this.loading);
  }

  private async items(list: 'QUEUE' | 'DEAD' | 'FAILED'): Promise<Item[]> {
    const out: Item[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.options.db().send(
        new QueryCommand({
          TableName: this.options.table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.localSmsPartition(list) },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      out.push(...((page.Items ?? []) as Item[]));
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }

  /** Stores an item in `list`: at the back (a new sort key: enqueue time, then a counter), or at `sk`. */
  private async put(
    list: 'QUEUE' | 'DEAD' | 'FAILED',
    item: Omit<Item, 'pk' | 'sk'>,
    sk?: string,
  ): Promise<void> {
    const back = `${new Date(this.realNow()).toISOString()}#${String(this.seq++).padStart(9, '0')}`;
    const { pk: _pk, sk: _sk, ...fields } = item as Item;
    const stored: Item = { ...fields, pk: keys.localSmsPartition(list), sk: sk ?? back };
    if (list === 'QUEUE') await this.queued();
    await this.options.db().send(new PutCommand({ TableName: this.options.table, Item: stored }));
    if (list === 'QUEUE' && this.queue) {
      const last = this.queue[this.queue.length - 1];
      const at = !last || last.sk < stored.sk ? -1 : this.queue.findIndex((i) => i.sk >= stored.sk);
      if (at === -1) this.queue.push(stored);
      else if (this.queue[at]?.sk === stored.sk) this.queue[at] = stored;
      else this.queue.splice(at, 0, stored);
    }
  }

  private async remove(item: Item): Promise<void> {
    await this.options
      .db()
      .send(new DeleteCommand({ TableName: this.options.table, Key: { pk: item.pk, sk: item.sk } }));
    if (item.pk === keys.localSmsPartition('QUEUE') && this.queue) {
      const at = this.queue.findIndex((i) => i.sk === item.sk);
      if (at !== -1) this.queue.splice(at, 1);
    }
  }
}
