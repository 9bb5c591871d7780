import { useEffect, useState } from 'preact/hooks';
import {
  ApiError,
  type FormProblem,
  type IdentifierType,
  retryText,
  type Schemas,
  toFormProblem,
  type VerifiedSession,
} from '../shared/api';
import { ErrorSummary, ScreenHeading, SelectField, TextField, useNow } from '../shared/ui';
import type { CustomerApi } from './customer-api';

export const LOOKUP_TYPES: readonly { value: IdentifierType; label: string; hint: string }[] = [
  {
    value: 'PHONE',
    label: 'Mobile number',
    hint: 'The 10-digit mobile number you gave us, like 9876543210.',
  },
  { value: 'SERVICE_ORDER', label: 'Service order number', hint: 'From your SMS, like SO7KQ2M9XH4R.' },
  { value: 'PURCHASE_ORDER', label: 'Order number', hint: 'The order number on your invoice.' },
  { value: 'IMEI', label: 'IMEI', hint: '15 digits. Dial *#06# on the phone to see it.' },
  { value: 'SERIAL', label: 'Serial number', hint: 'On the box or under Settings > About phone.' },
  { value: 'GRIEVANCE', label: 'Grievance number', hint: 'From your SMS, like GRV-….' },
];

export interface Lookup {
  identifierType: IdentifierType;
  identifier: string;
}

/** Step 1: what to look up by, and the number. The values live in the app, so nothing typed is lost. */
export function LookupScreen(props: {
  api: CustomerApi;
  lookup: Lookup;
  onChange: (lookup: Lookup) => void;
  notice: string | undefined;
  onChallenge: (challenge: Schemas['OtpChallenge']) => void;
}) {
  const { lookup } = props;
  const [problem, setProblem] = useState<FormProblem>();
  const [busy, setBusy] = useState(false);
  const type = LOOKUP_TYPES.find((t) => t.value === lookup.identifierType) ?? LOOKUP_TYPES[0];

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!lookup.identifier.trim()) {
      setProblem({ fields: { number: `Enter your ${type?.label.toLowerCase()}` } });
      return;
    }
    setBusy(true);
    try {
      const challenge = await props.api.requestOtp({
        identifierType: lookup.identifierType,
        identifier: lookup.identifier.trim(),
      });
      props.onChallenge(challenge);
    } catch (error) {
      setProblem(toFormProblem(error, { identifier: 'number', identifierType: 'lookup-type' }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <ScreenHeading>Track your repair or complaint</ScreenHeading>
      {props.notice && (
        <div class="panel" role="alert">
          {props.notice}
        </div>
      )}
      <ErrorSummary problem={problem} labels={{ number: 'Number' }} />
      <p>
        Enter one of your numbers. We will send a one-time password by SMS to the mobile number we have for
        it.
      </p>
      <form onSubmit={submit} noValidate>
        <SelectField
          id="lookup-type"
          label="Look up by"
          value={lookup.identifierType}
          onChange={(v) => props.onChange({ ...lookup, identifierType: v as IdentifierType })}
          options={LOOKUP_TYPES}
          error={problem?.fields['lookup-type']}
        />
        <TextField
          id="number"
          label="Number"
          hint={type?.hint}
          value={lookup.identifier}
          onInput={(v) => props.onChange({ ...lookup, identifier: v })}
          inputMode={
            lookup.identifierType === 'PHONE' || lookup.identifierType === 'IMEI' ? 'numeric' : 'text'
          }
          autoComplete={lookup.identifierType === 'PHONE' ? 'tel-national' : 'off'}
          spellcheck={false}
          width="medium"
          error={problem?.fields.number}
        />
        <button type="submit" disabled={busy}>
          Confirm
        </button>
      </form>
    </>
  );
}

/** Step 2: the code from the SMS; a new code once `resendAfter` has passed. */
export function OtpScreen(props: {
  api: CustomerApi;
  lookup: Lookup;
  challenge: Schemas['OtpChallenge'];
  onChallenge: (challenge: Schemas['OtpChallenge']) => void;
  onVerified: (session: VerifiedSession) => void;
  onBack: () => void;
}) {
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState<FormProblem>();
  const [sent, setSent] = useState<string>();
  const [busy, setBusy] = useState(false);
  const now = useNow(1000);
  const wait = Math.max(0, Math.ceil((Date.parse(props.challenge.resendAfter) - now) / 1000));

  useEffect(() => setSent(props.challenge.message), [props.challenge]);

  const submit = async (e: Event) => {
    e.preventDefault();
    const digits = code.replace(/\s/g, '');
    if (!/^\d{6}$/.test(digits)) {
      setProblem({ fields: { otp: 'Enter the 6-digit code from the SMS' } });
      return;
    }
    setBusy(true);
    try {
      props.onVerified(await props.api.verify({ challengeId: props.challenge.challengeId, code: digits }));
    } catch (error) {
      setProblem(otpProblem(error));
    } finally {
      setBusy(false);
    }
  };

  const resend = async () => {
    setBusy(true);
    try {
      const challenge = await props.api.requestOtp({
        identifierType: props.lookup.identifierType,
        identifier: props.lookup.identifier.trim(),
      });
      setProblem(undefined);
      props.onChallenge(challenge);
      setSent(`We sent a new code. ${challenge.message}`);
    } catch (error) {
      setProblem(toFormProblem(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <ScreenHeading>Enter your one-time password</ScreenHeading>
      <ErrorSummary problem={problem} labels={{ otp: 'One-time password' }} />
      <p class="status-message" role="status">
        {sent}
      </p>
      <form onSubmit={submit} noValidate>
        <TextField
          id="otp"
          label="One-time password"
          hint="The 6-digit code in the SMS. It works for 5 minutes."
          value={code}
          onInput={setCode}
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={8}
          width="short"
          error={problem?.fields.otp}
        />
        <div class="actions">
          <button type="submit" disabled={busy}>
            Submit
          </button>
          <button
            type="button"
            class="secondary"
            disabled={busy || wait > 0}
            onClick={resend}
            aria-describedby="resend-wait"
          >
            Send a new code
          </button>
          <span id="resend-wait" class="muted">
            {wait > 0
              ? `You can ask for a new code in ${wait > 90 ? `${Math.ceil(wait / 60)} minutes` : `${wait} s`}.`
              : ''}
          </span>
        </div>
      </form>
      <p>
        <button type="button" class="link" onClick={props.onBack}>
          Use a different number
        </button>
      </p>
    </>
  );
}

/** What a refused code means, by the problem's `code` (API.md). */
function otpProblem(error: unknown): FormProblem {
  if (!(error instanceof ApiError)) return toFormProblem(error);
  switch (error.code) {
    case 'otp_wrong_code': {
      const left = error.extra.attemptsRemaining;
      const attempts = left === undefined ? '' : ` You have ${left} attempt${left === 1 ? '' : 's'} left.`;
      return { fields: { otp: `That code is not right.${attempts}` } };
    }
    case 'otp_challenge_invalid':
      return { fields: { otp: 'This code has expired or was already used. Ask for a new code.' } };
    case 'otp_attempts_exhausted':
      return { fields: { otp: 'Too many wrong codes. Ask for a new code.' } };
    case 'rate_limited':
      return { fields: {}, summary: `Too many requests. ${retryText(error.extra.retryAfterSeconds)}` };
    default:
      return toFormProblem(error, { code: 'otp' });
  }
}
