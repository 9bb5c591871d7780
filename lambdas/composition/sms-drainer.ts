/** The composition root of the SMS drainer: the delivery log and the records (DynamoDB), the gateway (SNS). */
import { DynamoServiceOrderSmsFailures, DynamoSmsDeliveryLog } from '../adapters/dynamodb/sms-delivery-log';
import type { DeliverSmsDeps } from '../use-cases/deliver-sms';
import { clock, documentClient, grievanceRepository, tableName } from './data';
import { lazy } from './lifetime';
import { smsSender } from './messaging';

export const deliverSmsDeps = /* @__PURE__ */ lazy(
  (): DeliverSmsDeps => ({
    log: new DynamoSmsDeliveryLog(documentClient(), tableName()),
    gateway: smsSender(),
    grievances: grievanceRepository(),
    orderFailures: new DynamoServiceOrderSmsFailures(documentClient(), tableName()),
    clock: clock(),
  }),
);
