import type { APIGatewayProxyResult } from 'aws-lambda';

/**
 * The console line the local host prints when a code request sent no SMS — so a
 * developer staring at an empty outbox knows a limit (or no match) held it back.
 * Never the code: only the route's answer and how many SMS it handed over.
 */
export function otpNotice(
  routeName: string,
  answer: Pick<APIGatewayProxyResult, 'statusCode' | 'body'>,
  smsSent: number,
): string | undefined {
  if (routeName !== 'otp-request') return undefined;
  if (answer.statusCode === 429) {
    const problem = parse(answer.body);
    const detail = typeof problem.detail === 'string' ? problem.detail : 'Rate limited.';
    const wait =
      typeof problem.retryAfterSeconds === 'number' ? ` Retry after ${problem.retryAfterSeconds} s.` : '';
    return `[otp] no code sent: 429 ${detail}${wait}`;
  }
  if (answer.statusCode === 202 && smsSent === 0)
    return '[otp] no code sent: nothing on record matched, or the number is cooling down or over its hourly limit (the answer is the same 202 either way).';
  return undefined;
}

function parse(body: string): Record<string, unknown> {
  try {
    const value = JSON.parse(body) as unknown;
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
