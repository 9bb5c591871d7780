import { DynamoTokenRepository } from '../adapters/dynamodb/token-repository';
import type { Authenticator } from '../http/route';
import { clock } from './clock';
import { documentClient, tableName } from './dynamodb';

let tokens: DynamoTokenRepository | undefined;

/** Customer bearer tokens from /otp/verify, checked against the table (expiry in code). */
export const customerAuth: Authenticator = async (token) => {
  tokens ??= new DynamoTokenRepository(documentClient(), tableName());
  const found = await tokens.find(token, clock().now());
  return found ? { phone: found.phone } : undefined;
};
