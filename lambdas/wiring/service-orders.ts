import {
  DynamoServiceOrderReader,
  DynamoServiceOrderRepository,
} from '../adapters/dynamodb/service-order-repository';
import { documentClient, tableName } from './dynamodb';

let reader: DynamoServiceOrderReader | undefined;
let repository: DynamoServiceOrderRepository | undefined;

/** Read-only access for the GET functions (their role may only read the table). */
export const serviceOrderReader = (): DynamoServiceOrderReader => {
  reader ??= new DynamoServiceOrderReader(documentClient(), tableName());
  return reader;
};

/** Reads and writes, for the functions that create or change orders. */
export const serviceOrderRepository = (): DynamoServiceOrderRepository => {
  repository ??= new DynamoServiceOrderRepository(documentClient(), tableName());
  return repository;
};
