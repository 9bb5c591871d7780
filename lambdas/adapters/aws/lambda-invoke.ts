import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { DeadlineEvent } from '../../ports/scheduler';
import type { NearDeadlineHandler } from './eventbridge-scheduler';

/**
 * Hands a deadline that is due within a minute straight to the escalation
 * function (an asynchronous invoke); an early arrival waits there for dueAt.
 */
export function invokeEscalation(client: LambdaClient, functionArn: string): NearDeadlineHandler {
  return async (event: DeadlineEvent) => {
    await client.send(
      new InvokeCommand({
        FunctionName: functionArn,
        InvocationType: 'Event',
        Payload: new TextEncoder().encode(JSON.stringify(event)),
      }),
    );
  };
}
