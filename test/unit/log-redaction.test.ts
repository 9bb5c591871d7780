import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { createTestTable, dynamoEndpoint, type TestTable } from '../support/dynamo';
import { FailingSms } from '../support/fakes';

/**
 * A real handler run: POST /otp for a phone number against DynamoDB Local, with
 * an SMS port that fails the way a provider might — its error quoting the
 * number and the message (with the code). The function logs the failure; no
 * line may hold the full number or the code.
 */
const PHONE = '+919876543210';
const NATIONAL = '9876543210';

type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<{ statusCode: number }>;

function otpRequest(correlationId: string): APIGatewayProxyEvent {
  return {
    httpMethod: 'POST',
    path: '/otp',
    resource: '/otp',
    body: JSON.stringify({ identifierType: 'PHONE', identifier: NATIONAL }),
    isBase64Encoded: false,
    headers: { 'Content-Type': 'application/json', 'X-Correlation-Id': correlationId },
    multiValueHeaders: {},
    pathParameters: null,
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    stageVariables: null,
    requestContext: {
      requestId: `req-${correlationId}`,
      requestTimeEpoch: Date.now(),
      identity: { sourceIp: '203.0.113.7' },
    } as APIGatewayProxyEvent['requestContext'],
  };
}

describe('logs of a request carrying a phone number and a one-time password', () => {
  let table: TestTable;
  let handler: Handler;
  const lines: string[] = [];
  // Fails the way a provider might: its error quotes the number and the message (with the code).
  const sms = new FailingSms(
    (message) => new Error(`Invalid parameter: PhoneNumber ${message.to} rejected message "${message.body}"`),
  );
  const sent = sms.attempted;

  beforeAll(async () => {
    table = await createTestTable('log-redaction');
    Object.assign(process.env, {
      TABLE_NAME: table.name,
      DYNAMODB_ENDPOINT: dynamoEndpoint(),
      OTP_HMAC_KEY: 'log-redaction-test-key-0123456789',
      LOG_LEVEL: 'debug', // everything the function would log, not only errors
    });
    // Imported after the environment is set: the logger reads LOG_LEVEL when it is created.
    const { setLogSink } = await import('../../lambdas/logger');
    const { provide, resetComposition } = await import('../../lambdas/composition/lifetime');
    setLogSink((line) => lines.push(line));
    resetComposition();
    provide({ sms });
    handler = (await import('../../lambdas/routes/otp-request/handler')).handler as unknown as Handler;
  });

  afterAll(async () => {
    await table.drop();
  });

  it('logs the failure and the request with its correlation id, but never the number or the code', async () => {
    const response = await handler(otpRequest('corr-redaction-1'), {} as Context);

    expect(response.statusCode).toBe(500);
    const code = /\b(\d{6})\b/.exec(sent[0]?.body ?? '')?.[1];
    expect(sent.map((m) => m.to)).toEqual([PHONE]);
    expect(code).toMatch(/^\d{6}$/);

    const output = lines.join('\n');
    const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(entries.map((e) => e.message)).toEqual(
      expect.arrayContaining(['OTP SMS failed', 'request failed', 'request']),
    );
    // Every line of the request carries its correlation id.
    for (const entry of entries) expect(entry.correlationId).toBe('corr-redaction-1');
    for (const entry of entries) expect(entry.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/);
    expect(entries.find((e) => e.message === 'request')).toMatchObject({
      method: 'POST',
      route: '/otp',
      status: 500,
    });

    expect(output).not.toContain(NATIONAL);
    expect(output).not.toContain(PHONE);
    expect(output).not.toContain(String(code));
    expect(output).toContain('3210'); // masked to its last four digits, still useful to support
  });
});
