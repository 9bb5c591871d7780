import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  DynamoServiceOrderSmsFailures,
  DynamoSmsDeliveryLog,
} from '../../lambdas/adapters/dynamodb/sms-delivery-log';
import { createGrievance } from '../../lambdas/domain/grievance-rules';
import { type SmsSender, SmsThrottledError, SmsUndeliverableError } from '../../lambdas/ports/sms';
import type { QueuedSms } from '../../lambdas/ports/sms-queue';
import { presentGrievanceForCustomer, presentGrievanceForStaff } from '../../lambdas/presenters/grievance';
import { type DeliverSmsDeps, deliverSms } from '../../lambdas/use-cases/deliver-sms';
import { FixedClock } from '../support/clock';
import { createTestTable, type TestTable } from '../support/dynamo';
import { SETTINGS, T0 } from '../support/grievances';
import { MemoryGrievanceRepository } from '../support/memory-grievance-repository';

const PHONE = '+919812345670';

/** A gateway whose answers the test scripts, one per send (then success); it counts what it sent. */
class ScriptedGateway implements SmsSender {
  readonly sent: string[] = [];
  readonly answers: (Error | undefined)[] = [];
  async send(message: { to: string; body: string }): Promise<void> {
    const answer = this.answers.shift();
    if (answer) throw answer;
    this.sent.push(message.body);
  }
}

describe('delivering a queued SMS (the drainer use case, with the delivery log on DynamoDB Local)', () => {
  let table: TestTable;
  let realNow = Date.now();
  let seq = 0;
  beforeAll(async () => {
    table = await createTestTable('sms');
  });
  afterAll(async () => {
    await table.drop();
  });

  const setup = () => {
    const grievances = new MemoryGrievanceRepository();
    const gateway = new ScriptedGateway();
    const deps: DeliverSmsDeps = {
      log: new DynamoSmsDeliveryLog(table.doc, table.name, { leaseSeconds: 60 }, () => realNow),
      gateway,
      grievances,
      orderFailures: new DynamoServiceOrderSmsFailures(table.doc, table.name),
      clock: new FixedClock(T0),
      random: () => 1,
    };
    return { deps, gateway, grievances };
  };

  const grievanceSms = async (grievances: MemoryGrievanceRepository): Promise<QueuedSms> => {
    const { grievance } = createGrievance(
      {
        customer: { name: 'A', phone: PHONE },
        category: 'OTHER',
        description: 'Long enough text.',
        channel: 'WEB',
      },
      { id: `GRV-SMS${String(++seq).padStart(6, '0')}`, now: T0, actor: 'CUSTOMER' },
      SETTINGS,
    );
    await grievances.create(grievance);
    return {
      id: `${grievance.id}/1/GRIEVANCE_REGISTERED`,
      to: PHONE,
      body: `Registered ${grievance.id}`,
      kind: 'GRIEVANCE_REGISTERED',
      about: { grievanceId: grievance.id },
    };
  };

  it('sends a message once however often the queue delivers it, one after another or at the same time', async () => {
    const { deps, gateway, grievances } = setup();
    const message = await grievanceSms(grievances);
    expect(await deliverSms(deps, message)).toEqual({ outcome: 'SENT' });
    expect(await deliverSms(deps, message)).toEqual({ outcome: 'DUPLICATE' });

    const other = await grievanceSms(grievances);
    const outcomes = await Promise.all([
      deliverSms(deps, other),
      deliverSms(deps, other),
      deliverSms(deps, other),
    ]);
    expect(outcomes.filter((o) => o.outcome === 'SENT')).toHaveLength(1);
    // The others found it being sent (back to the queue until the lease ends) or sent already.
    for (const o of outcomes.filter((o) => o.outcome !== 'SENT'))
      expect(['BUSY', 'DUPLICATE']).toContain(o.outcome);
    expect(gateway.sent).toEqual([message.body, other.body]);
  });

  it('puts a throttled message back with a growing backoff, and sends it on a later delivery', async () => {
    const { deps, gateway, grievances } = setup();
    const message = await grievanceSms(grievances);
    gateway.answers.push(new SmsThrottledError('Rate exceeded'), new SmsThrottledError('Rate exceeded'));
    const first = await deliverSms(deps, message);
    expect(first).toMatchObject({ outcome: 'THROTTLED', retryAfterSeconds: 2, message: { throttles: 1 } });
    if (first.outcome !== 'THROTTLED') throw new Error('unreachable');
    const second = await deliverSms(deps, first.message);
    expect(second).toMatchObject({ outcome: 'THROTTLED', retryAfterSeconds: 4, message: { throttles: 2 } });
    if (second.outcome !== 'THROTTLED') throw new Error('unreachable');
    expect(await deliverSms(deps, second.message)).toEqual({ outcome: 'SENT' });
    expect(gateway.sent).toEqual([message.body]);
  });

  it('throws on a transient failure (the queue retries, then dead-letters it) and lets the retry send it', async () => {
    const { deps, gateway, grievances } = setup();
    const message = await grievanceSms(grievances);
    gateway.answers.push(new Error('connection reset'));
    await expect(deliverSms(deps, message)).rejects.toThrow('connection reset');
    expect(await deliverSms(deps, message)).toEqual({ outcome: 'SENT' });
    expect(gateway.sent).toEqual([message.body]);
  });

  it('takes over a claim whose sender died before completing it, once its lease ran out', async () => {
    const { deps, gateway, grievances } = setup();
    const message = await grievanceSms(grievances);
    await deps.log.claim(message.id); // a delivery that claimed it and then died
    expect(await deliverSms(deps, message)).toMatchObject({ outcome: 'BUSY' });
    realNow += 61_000;
    expect(await deliverSms(deps, message)).toEqual({ outcome: 'SENT' });
    expect(gateway.sent).toEqual([message.body]);
  });

  it('records an undeliverable grievance SMS on its timeline for staff only, once, and never retries it', async () => {
    const { deps, gateway, grievances } = setup();
    const message = await grievanceSms(grievances);
    gateway.answers.push(new SmsUndeliverableError('OPTED_OUT', 'Phone number is opted out'));
    expect(await deliverSms(deps, message)).toEqual({ outcome: 'UNDELIVERABLE', reason: 'OPTED_OUT' });
    expect(await deliverSms(deps, message)).toEqual({ outcome: 'DUPLICATE' });
    expect(gateway.sent).toEqual([]);

    const stored = (await grievances.get((message.about as { grievanceId: string }).grievanceId))?.grievance;
    if (!stored) throw new Error('grievance gone');
    const staffView = presentGrievanceForStaff(stored).timeline.filter((e) => e.type === 'SMS_NOT_DELIVERED');
    expect(staffView).toEqual([
      {
        at: T0.toISOString(),
        type: 'SMS_NOT_DELIVERED',
        level: 1,
        actor: 'SYSTEM',
        reason: 'OPTED_OUT',
        message: `grievance registered SMS to ${PHONE} was not sent`,
        label: 'Customer not told: SMS failed (the number opted out of SMS)',
      },
    ]);
    expect(presentGrievanceForCustomer(stored).timeline.map((e) => e.type)).toEqual(['CREATED']);
    // The grievance goes on as it was.
    expect(stored.status).toBe('OPEN');
    expect(stored.updatedAt).toBe(T0.toISOString());
  });

  it('records the failure on a redelivery when the first delivery could not, without sending again', async () => {
    const { deps, gateway, grievances } = setup();
    const message = await grievanceSms(grievances);
    gateway.answers.push(new SmsUndeliverableError('INVALID_NUMBER', 'Invalid parameter: PhoneNumber'));
    const save = grievances.save.bind(grievances);
    grievances.save = async () => {
      throw new Error('DynamoDB unavailable');
    };
    await expect(deliverSms(deps, message)).rejects.toThrow('DynamoDB unavailable');
    grievances.save = save;
    expect(await deliverSms(deps, message)).toEqual({ outcome: 'DUPLICATE' });
    expect(await deliverSms(deps, message)).toEqual({ outcome: 'DUPLICATE' });
    const stored = (await grievances.get((message.about as { grievanceId: string }).grievanceId))?.grievance;
    expect(stored?.timeline.filter((e) => e.type === 'SMS_NOT_DELIVERED').map((e) => e.reason)).toEqual([
      'INVALID_NUMBER',
    ]);
    expect(gateway.sent).toEqual([]);
    const marker = await table.doc.send(
      new GetCommand({ TableName: table.name, Key: { pk: `SMS#${message.id}`, sk: 'SMS' } }),
    );
    expect(marker.Item).toMatchObject({ state: 'UNDELIVERABLE', recorded: true });
  });

  it('records an undeliverable service-order SMS beside the order, once', async () => {
    const { deps, gateway } = setup();
    const message: QueuedSms = {
      id: 'SOFAIL1/2/SERVICE_ORDER_WORK_IN_PROGRESS',
      to: PHONE,
      body: 'Work in progress',
      kind: 'SERVICE_ORDER_WORK_IN_PROGRESS',
      about: { serviceOrderId: 'SOFAIL1' },
    };
    gateway.answers.push(new SmsUndeliverableError('OPTED_OUT', 'opted out'));
    expect(await deliverSms(deps, message)).toEqual({ outcome: 'UNDELIVERABLE', reason: 'OPTED_OUT' });
    expect(await deliverSms(deps, message)).toEqual({ outcome: 'DUPLICATE' });
    const { Items } = await table.doc.send(
      new QueryCommand({
        TableName: table.name,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :f)',
        ExpressionAttributeValues: { ':pk': 'SO#SOFAIL1', ':f': 'SMSFAIL#' },
      }),
    );
    expect(Items).toEqual([
      {
        pk: 'SO#SOFAIL1',
        sk: `SMSFAIL#${message.id}`,
        at: T0.toISOString(),
        kind: 'SERVICE_ORDER_WORK_IN_PROGRESS',
        to: PHONE,
        reason: 'OPTED_OUT',
      },
    ]);
  });
});
