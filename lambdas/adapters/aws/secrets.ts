import { type Config, config } from '../../config';
import { readSecret } from '../../secrets-extension';

type KeyName = 'OTP_HMAC_KEY' | 'CURSOR_KEY';
type SecretIdName = 'OTP_HMAC_SECRET_ID' | 'CURSOR_SECRET_ID';

/**
 * A secret key, read once per container: locally from `keyVar`; in AWS from
 * the Secrets Manager secret named by `secretIdVar`, through the AWS Parameters
 * and Secrets Lambda extension (a localhost call, so no Secrets Manager SDK in
 * the bundle). A failed read is tried again on the next request.
 */
function secretKey(keyVar: KeyName, secretIdVar: SecretIdName): () => Promise<string> {
  let key: Promise<string> | undefined;
  return () => {
    if (!key) {
      const c: Config = config();
      const local = c[keyVar];
      const secretId = c[secretIdVar];
      if (local) key = Promise.resolve(local);
      else if (secretId) key = readSecret(secretId);
      else key = Promise.reject(new Error(`Set ${keyVar} or ${secretIdVar}`));
      key.catch(() => {
        key = undefined;
      });
    }
    return key;
  };
}

/** The HMAC key of one-time password hashes. */
export const otpHmacKey = /* @__PURE__ */ secretKey('OTP_HMAC_KEY', 'OTP_HMAC_SECRET_ID');

/**
 * The key that signs page cursors: a secret of its own, so a function that only
 * lists (and may read the table) holds nothing that helps guess an OTP.
 */
export const cursorKey = /* @__PURE__ */ secretKey('CURSOR_KEY', 'CURSOR_SECRET_ID');
