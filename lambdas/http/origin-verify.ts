import { config } from '../config';
import { readSecret } from '../secrets-extension';

let value: Promise<string | undefined> | undefined;

/**
 * The origin verification value CloudFront sends to the API
 * (client-address.ts), read once per container from the Secrets Manager
 * secret named by ORIGIN_VERIFY_SECRET_ID through the AWS Parameters and
 * Secrets Lambda extension (a localhost call: no Secrets Manager SDK in the
 * bundle). Undefined when the variable is unset (the local host, functions
 * that count nothing per client): the API Gateway source IP is used then. A
 * failed read is tried again on the next request.
 */
export function expectedOriginVerify(): Promise<string | undefined> {
  if (!value) {
    const secretId = config().ORIGIN_VERIFY_SECRET_ID;
    value = secretId ? readSecret(secretId) : Promise.resolve(undefined);
    value.catch(() => {
      value = undefined;
    });
  }
  return value;
}

/** Test hook: forget the value read. */
export function resetOriginVerify(): void {
  value = undefined;
}
