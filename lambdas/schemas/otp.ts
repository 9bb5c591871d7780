import { IDENTIFIER_TYPES } from '../domain/otp-policy';
import { singleLineText } from './text';
import * as z from './z';

export const otpRequestBody = /* @__PURE__ */ z.defineSchema(() =>
  z.strictObject({
    identifierType: z.enum(IDENTIFIER_TYPES),
    identifier: singleLineText(1, 64),
  }),
);
export type OtpRequestBody = z.infer<typeof otpRequestBody>;

export const otpRequestResponse = /* @__PURE__ */ z.defineSchema(() =>
  z.object({
    challengeId: z.string(),
    expiresAt: z.iso.datetime(),
    resendAfter: z.iso.datetime(),
    message: z.string(),
  }),
);

export const otpVerifyBody = /* @__PURE__ */ z.defineSchema(() =>
  z.strictObject({
    challengeId: z.string().check(z.minLength(1), z.maxLength(100)),
    code: z.string().check(z.regex(/^\d{6}$/, 'must be 6 digits')),
  }),
);
export type OtpVerifyBody = z.infer<typeof otpVerifyBody>;
