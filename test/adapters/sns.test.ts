import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { SnsAlertPublisher } from '../../lambdas/adapters/aws/sns-alerts';
import { SnsSmsSender } from '../../lambdas/adapters/aws/sns-sms';
import { SMS_KINDS, type SmsKind } from '../../lambdas/domain/sms-catalogue';
import { SmsThrottledError, SmsUndeliverableError } from '../../lambdas/ports/sms';

/** A distinct 19-digit template id for every catalogue kind. */
const TEMPLATE_IDS = Object.fromEntries(
  SMS_KINDS.map((kind, i) => [kind, `11070000000000000${String(i + 1).padStart(2, '0')}`]),
) as Record<SmsKind, string>;

describe('SNS adapters', () => {
  const sns = mockClient(SNSClient);
  beforeEach(() => {
    sns.reset();
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
  });

  it('publishes an SMS as a transactional message to an E.164 number with DLT attributes', async () => {
    const sender = new SnsSmsSender(new SNSClient({}), {
      senderId: 'REDRSS',
      dltEntityId: '1101000000000000000',
      dltTemplateIds: TEMPLATE_IDS,
    });
    await sender.send({ to: '+919876543210', body: 'hello', kind: 'OTP' });
    expect(sns.commandCalls(PublishCommand).map((c) => c.args[0].input)).toEqual([
      {
        PhoneNumber: '+919876543210',
        Message: 'hello',
        MessageAttributes: {
          'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
          'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: 'REDRSS' },
          'AWS.MM.SMS.EntityId': { DataType: 'String', StringValue: '1101000000000000000' },
          'AWS.MM.SMS.TemplateId': { DataType: 'String', StringValue: TEMPLATE_IDS.OTP },
        },
      },
    ]);
  });

  it("attaches each message's own template id, by its catalogue kind", async () => {
    const sender = new SnsSmsSender(new SNSClient({}), {
      senderId: 'REDRSS',
      dltEntityId: '1101000000000000000',
      dltTemplateIds: TEMPLATE_IDS,
    });
    for (const kind of SMS_KINDS) await sender.send({ to: '+919876543210', body: kind, kind });
    const sent = sns.commandCalls(PublishCommand).map((c) => c.args[0].input);
    expect(sent.map((i) => [i.Message, i.MessageAttributes?.['AWS.MM.SMS.TemplateId']?.StringValue])).toEqual(
      SMS_KINDS.map((kind) => [kind, TEMPLATE_IDS[kind]]),
    );
    expect(new Set(sent.map((i) => i.MessageAttributes?.['AWS.MM.SMS.TemplateId']?.StringValue)).size).toBe(
      SMS_KINDS.length,
    );
  });

  it('refuses, without publishing, a DLT message whose kind has no template id (a carrier would drop it)', async () => {
    const { OTP, ...others } = TEMPLATE_IDS;
    const sender = new SnsSmsSender(new SNSClient({}), {
      senderId: 'REDRSS',
      dltEntityId: '1101000000000000000',
      dltTemplateIds: others,
    });
    await expect(sender.send({ to: '+919876543210', body: OTP, kind: 'OTP' })).rejects.toThrow(
      'No DLT template id for SMS kind OTP',
    );
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
  });

  it('leaves the DLT attributes out when none are configured', async () => {
    await new SnsSmsSender(new SNSClient({}), { senderId: 'REDRSS' }).send({
      to: '+919876543210',
      body: 'x',
      kind: 'OTP',
    });
    const attributes = sns.commandCalls(PublishCommand)[0]?.args[0].input.MessageAttributes ?? {};
    expect(Object.keys(attributes).sort()).toEqual(['AWS.SNS.SMS.SMSType', 'AWS.SNS.SMS.SenderID']);
  });

  it('lets an SNS failure reach the caller', async () => {
    sns.on(PublishCommand).rejects(new Error('Throttled'));
    await expect(
      new SnsSmsSender(new SNSClient({}), { senderId: 'REDRSS' }).send({
        to: '+919876543210',
        body: 'x',
        kind: 'OTP',
      }),
    ).rejects.toThrow('Throttled');
  });

  it('publishes an alert to the level topic with the level and grievance id as attributes', async () => {
    const publisher = new SnsAlertPublisher(new SNSClient({}), {
      'level-1': 'arn:aws:sns:ap-south-1:1:l1',
      'level-2': 'arn:aws:sns:ap-south-1:1:l2',
      'level-3': 'arn:aws:sns:ap-south-1:1:l3',
      operations: 'arn:aws:sns:ap-south-1:1:ops',
    });
    await publisher.publish({
      topic: 'level-2',
      subject: 'Grievance GRV-ABC escalated — 24 h',
      body: 'b',
      level: 2,
      grievanceId: 'GRV-ABC',
    });
    expect(sns.commandCalls(PublishCommand)[0]?.args[0].input).toEqual({
      TopicArn: 'arn:aws:sns:ap-south-1:1:l2',
      Subject: 'Grievance GRV-ABC escalated   24 h',
      Message: 'b',
      MessageAttributes: {
        level: { DataType: 'Number', StringValue: '2' },
        grievanceId: { DataType: 'String', StringValue: 'GRV-ABC' },
      },
    });
  });
});

describe("SNS SMS errors, in the port's terms", () => {
  const sns = mockClient(SNSClient);
  beforeEach(() => sns.reset());
  const sender = () => new SnsSmsSender(new SNSClient({ maxAttempts: 1 }), { senderId: 'REDRSS' });
  const failWith = (name: string) =>
    sns.on(PublishCommand).rejects(Object.assign(new Error(`${name} from SNS`), { name }));

  it.each([
    ['ThrottledException', SmsThrottledError],
    ['OptedOutException', SmsUndeliverableError],
    ['InvalidParameterException', SmsUndeliverableError],
  ])('%s becomes %p', async (name, kind) => {
    failWith(name);
    await expect(sender().send({ to: '+919876543210', body: 'x', kind: 'OTP' })).rejects.toBeInstanceOf(kind);
  });

  it('says why a message is undeliverable', async () => {
    failWith('OptedOutException');
    await expect(sender().send({ to: '+919876543210', body: 'x', kind: 'OTP' })).rejects.toMatchObject({
      reason: 'OPTED_OUT',
    });
    failWith('InvalidParameterException');
    await expect(sender().send({ to: '+919876543210', body: 'x', kind: 'OTP' })).rejects.toMatchObject({
      reason: 'INVALID_NUMBER',
    });
  });

  it('passes any other error on as it was thrown', async () => {
    failWith('InternalErrorException');
    await expect(sender().send({ to: '+919876543210', body: 'x', kind: 'OTP' })).rejects.toMatchObject({
      name: 'InternalErrorException',
    });
  });
});
