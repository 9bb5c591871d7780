import { config } from '../config';

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

async function readSecret(secretId: string): Promise<string> {
  const port = process.env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT ?? '2773';
  const response = await fetch(
    `http://localhost:${port}/secretsmanager/get?secretId=${encodeURIComponent(secretId)}`,
    { headers: { 'X-Aws-Parameters-Secrets-Token': process.env.AWS_SESSION_TOKEN ?? '' } },
  );
  if (!response.ok) throw new Error(`secrets extension answered ${response.status}`);
  const { SecretString } = (await response.json()) as { SecretString?: string };
  if (!SecretString || SecretString.length < 16)
    throw new Error('origin verify secret is empty or too short');
  return SecretString;
}

/** Test hook: forget the value read. */
export function resetOriginVerify(): void {
  value = undefined;
}
