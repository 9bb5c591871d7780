import { randomBytes } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoTokenRepository } from '../../lambdas/adapters/dynamodb/token-repository';
import { documentClient } from '../../lambdas/composition/data';
import { startDynamoLocal } from '../../local/dynamodb-local';
import { type LocalHost, startLocalHost } from '../../local/host';
import { DynamoCallCounter } from '../aws-calls';
import { countPorts, type PortCounter } from './ports';

/** Real time plus an offset, which the bench can also stop to give many records one moment. */
export class BenchClock {
  private offsetMs = 0;
  private frozen: Date | undefined;
  now(): Date {
    return this.frozen ? new Date(this.frozen) : new Date(Date.now() + this.offsetMs);
  }
  advance(seconds: number): void {
    this.offsetMs += seconds * 1000;
  }
  freeze(): void {
    this.frozen = this.now();
  }
  unfreeze(): void {
    this.frozen = undefined;
  }
}

export interface BenchContext {
  host: LocalHost;
  clock: BenchClock;
  counter: DynamoCallCounter;
  /** Counts the SMS, alert and scheduler calls of the host's handlers. */
  ports: PortCounter;
  doc: DynamoDBDocumentClient;
  table: string;
  hmacKey: string;
  /** A customer bearer token for `phone`, stored directly (no SMS round trip). */
  customerToken(phone: string): Promise<string>;
  stop(): Promise<void>;
}

/** DynamoDB Local plus the local host in this process, so the bench can count the handlers' SDK calls. */
export async function startBenchHost(): Promise<BenchContext> {
  const dynamo = await startDynamoLocal();
  const clock = new BenchClock();
  const hmacKey = randomBytes(32).toString('hex');
  process.env.LOG_LEVEL = 'error';
  const ports = countPorts();
  const host = await startLocalHost({
    port: 0,
    dynamoEndpoint: dynamo.endpoint,
    tableName: 'bench',
    clock,
    decoratePorts: ports.wrap,
    env: {
      OTP_HMAC_KEY: hmacKey,
      OTP_LOOKUP_MIN_MS: '0',
      OTP_MAX_PER_CLIENT_PER_HOUR: '100000000',
      SWEEP_INTERVAL_SECONDS: '3600',
    },
  });
  const doc = documentClient();
  const counter = new DynamoCallCounter(doc);
  const tokens = new DynamoTokenRepository(doc, host.tableName);
  return {
    host,
    clock,
    counter,
    ports,
    doc,
    table: host.tableName,
    hmacKey,
    customerToken: async (phone) => {
      const token = randomBytes(32).toString('base64url');
      await tokens.save(token, {
        phone,
        expiresAt: new Date(clock.now().getTime() + 86_400_000).toISOString(),
      });
      return token;
    },
    stop: async () => {
      await host.stop();
      await dynamo.stop();
    },
  };
}
