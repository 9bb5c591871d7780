import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { provide, resetComposition } from '../../lambdas/composition/lifetime';
import { resetConfig } from '../../lambdas/config';
import { handler } from '../../lambdas/events/sms-drainer';
import { type SmsSender, SmsThrottledError } from '../../lambdas/ports/sms';
import type { QueuedSms } from '../../lambdas/ports/sms-queue';
import { createTestTable, dynamoEndpoint, type TestTable } from '../support/dynamo';

const QUEUE_URL = 'https://sqs.ap-south-1.amazonaws.com/123456789012/sms';

/** A gateway whose answers a test scripts per body; it keeps what it sent, with when. */
class ScriptedGateway implements SmsSender {
  readonly sent: { body: string; at: number }[] = [];
  readonly refuse = new Map<string, Error>();
  async send(message: { body: string }): Promise<void> {
    const error = this.refuse.get(message.body);
    if (error) throw error;
    this.sent.push({ body: message.body, at: Date.now() });
  }
}

let n = 0;
const sms = (body: string): QueuedSms => ({
  id: `GRV-DRAIN${String(++n).padStart(5, '0')}/1/GRIEVANCE_REGISTERED`,
  to: '+919812345670',
  body,
  kind: 'GRIEVANCE_REGISTERED',
  about: { grievanceId: `GRV-DRAIN${String(n).padStart(5, '0')}` },
});
const batch = (...bodies: (QueuedSms | string)[]): SQSEvent => ({
  Records: bodies.map((b, i) => ({
    messageId: `m-${i}`,
    receiptHandle: `r-${i}`,
    body: typeof b === 'string' ? b : JSON.stringify(b),
    attributes: {} as SQSEvent['Records'][number]['attributes'],
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:ap-south-1:123456789012:sms',
    awsRegion: 'ap-south-1',
  })),
});

describe('the SMS drainer (SQS event source)', () => {
  const sqs = mockClient(SQSClient);
  const gateway = new ScriptedGateway();
  let table: TestTable;
  const requeued = () =>
    sqs.commandCalls(SendMessageCommand).map((c) => ({
      ...(JSON.parse(String(c.args[0].input.MessageBody)) as QueuedSms),
      delay: c.args[0].input.DelaySeconds,
    }));

  beforeAll(async () => {
    table = await createTestTable('drainer');
    Object.assign(process.env, {
      TABLE_NAME: table.name,
      DYNAMODB_ENDPOINT: dynamoEndpoint(),
      SMS_QUEUE_URL: QUEUE_URL,
      // 20 a second shared by 2 invocations: this container sends one every 100 ms.
      SMS_MAX_PER_SECOND: '20',
      SMS_DRAIN_CONCURRENCY: '2',
    });
    resetConfig();
    resetComposition();
    provide({ sms: gateway });
  });
  afterAll(async () => {
    resetComposition();
    resetConfig();
    await table.drop();
  });
  beforeEach(() => {
    sqs.reset();
    sqs.on(SendMessageCommand).resolves({ MessageId: 'new' });
    gateway.sent.length = 0;
    gateway.refuse.clear();
  });

  it('sends each SMS once at its pace, dropping a message that is not a queued SMS', async () => {
    const a = sms('a');
    const b = sms('b');
    const c = sms('c');
    const result = await handler(batch(a, b, a, 'not json', c));
    expect(result).toEqual({ batchItemFailures: [] });
    expect(gateway.sent.map((s) => s.body)).toEqual(['a', 'b', 'c']);
    const times = gateway.sent.map((s) => s.at);
    expect((times[2] as number) - (times[0] as number)).toBeGreaterThanOrEqual(180);
  });

  it('puts a throttled SMS and the rest of the batch back with the same backoff, without sending them', async () => {
    const [a, b, c] = [sms('a'), sms('b'), sms('c')];
    gateway.refuse.set('b', new SmsThrottledError('Rate exceeded'));
    const result = await handler(batch(a, b, c));
    expect(result).toEqual({ batchItemFailures: [] });
    expect(gateway.sent.map((s) => s.body)).toEqual(['a']);
    const back = requeued();
    expect(back.map((m) => [m.body, m.throttles])).toEqual([
      ['b', 1],
      ['c', undefined],
    ]);
    expect(back[0]?.delay).toBeGreaterThanOrEqual(1);
    expect(back[1]?.delay).toBe(back[0]?.delay);
    expect(sqs.commandCalls(SendMessageCommand)[0]?.args[0].input.QueueUrl).toBe(QUEUE_URL);

    // Their next delivery sends them.
    gateway.refuse.clear();
    const again = back.map(({ delay: _d, ...m }) => m);
    expect(await handler(batch(...again))).toEqual({ batchItemFailures: [] });
    expect(gateway.sent.map((s) => s.body)).toEqual(['a', 'b', 'c']);
  });

  it('reports an SMS that failed otherwise, so SQS retries it and then dead-letters it, and goes on with the rest', async () => {
    const [a, b] = [sms('a'), sms('b')];
    gateway.refuse.set('a', new Error('SMS provider down'));
    expect(await handler(batch(a, b))).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-0' }] });
    expect(gateway.sent.map((s) => s.body)).toEqual(['b']);
    expect(requeued()).toEqual([]);
    // The retry (SQS's redelivery) sends it, once.
    gateway.refuse.clear();
    expect(await handler(batch(a, b))).toEqual({ batchItemFailures: [] });
    expect(gateway.sent.map((s) => s.body)).toEqual(['b', 'a']);
  });
});
