/**
 * A Secrets Manager secret's value, read through the AWS Parameters and Secrets
 * Lambda extension: a localhost call, so no Secrets Manager SDK in any bundle.
 * Shared by the adapters' secret keys (adapters/aws/secrets.ts) and the API's
 * origin verification (http/origin-verify.ts). Refuses a value under 16 characters.
 */
export async function readSecret(secretId: string): Promise<string> {
  const port = process.env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT ?? '2773';
  const response = await fetch(
    `http://localhost:${port}/secretsmanager/get?secretId=${encodeURIComponent(secretId)}`,
    { headers: { 'X-Aws-Parameters-Secrets-Token': process.env.AWS_SESSION_TOKEN ?? '' } },
  );
  if (!response.ok) throw new Error(`secrets extension answered ${response.status} for ${secretId}`);
  const { SecretString } = (await response.json()) as { SecretString?: string };
  if (!SecretString || SecretString.length < 16) throw new Error(`secret ${secretId} is empty or too short`);
  return SecretString;
}
