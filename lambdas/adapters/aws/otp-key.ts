import { config } from '../../config';

let key: Promise<string> | undefined;

/**
 * The OTP HMAC key. Locally it is OTP_HMAC_KEY; in AWS the secret named by
 * OTP_HMAC_SECRET_ID is read once per container through the AWS Parameters and
 * Secrets Lambda extension (a localhost call, so no Secrets Manager SDK in the bundle).
 */
export function otpHmacKey(): Promise<string> {
  if (!key) {
    const c = config();
    if (c.OTP_HMAC_KEY) key = Promise.resolve(c.OTP_HMAC_KEY);
    else if (c.OTP_HMAC_SECRET_ID) key = fetchSecret(c.OTP_HMAC_SECRET_ID);
    else key = Promise.reject(new Error('Set OTP_HMAC_KEY or OTP_HMAC_SECRET_ID'));
    key.catch(() => {
      key = undefined; // try again on the next request
    });
  }
  return key;
}

async function fetchSecret(secretId: string): Promise<string> {
  const port = process.env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT ?? '2773';
  const response = await fetch(
    `http://localhost:${port}/secretsmanager/get?secretId=${encodeURIComponent(secretId)}`,
    {
      headers: { 'X-Aws-Parameters-Secrets-Token': process.env.AWS_SESSION_TOKEN ?? '' },
    },
  );
  if (!response.ok) throw new Error(`secrets extension answered ${response.status}`);
  const { SecretString } = (await response.json()) as { SecretString?: string };
  if (!SecretString || SecretString.length < 16) throw new Error('OTP HMAC secret is empty or too short');
  return SecretString;
}
