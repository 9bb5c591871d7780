import { useEffect, useRef, useState } from 'preact/hooks';
import { type FormProblem, type Grievance, type GrievanceCategory, toFormProblem } from './api';
import { CATEGORY_OPTIONS } from './labels';
import { ErrorSummary, SelectField, TextArea, TextField } from './ui';

export interface ComplaintValues {
  phone: string;
  name: string;
  email: string;
  category: GrievanceCategory | '';
  serviceOrderId: string;
  description: string;
}

export const emptyComplaint = (): ComplaintValues => ({
  phone: '',
  name: '',
  email: '',
  category: '',
  serviceOrderId: '',
  description: '',
});

const MIN = 10;
const MAX = 2000;

const FIELD_OF: Record<string, string> = {
  phone: 'complaint-phone',
  name: 'complaint-name',
  email: 'complaint-email',
  category: 'complaint-category',
  serviceOrderId: 'complaint-order',
  description: 'complaint-description',
};

/** The body both apps send (the walk-in one adds `phone`). */
export function complaintBody(v: ComplaintValues) {
  return {
    name: v.name.trim(),
    ...(v.email.trim() ? { email: v.email.trim() } : {}),
    category: v.category as GrievanceCategory,
    description: v.description.trim(),
    ...(v.serviceOrderId.trim() ? { serviceOrderId: v.serviceOrderId.trim() } : {}),
  };
}

function validate(v: ComplaintValues, withPhone: boolean): FormProblem | undefined {
  const fields: Record<string, string> = {};
  if (withPhone && !v.phone.trim()) fields['complaint-phone'] = 'Enter the customer’s mobile number';
  if (!v.name.trim()) fields['complaint-name'] = 'Enter a name';
  if (!v.category) fields['complaint-category'] = 'Choose a category';
  const length = v.description.trim().length;
  if (length < MIN) fields['complaint-description'] = `Describe the problem in at least ${MIN} characters`;
  if (length > MAX)
    fields['complaint-description'] =
      `The description must be ${MAX.toLocaleString('en-IN')} characters or fewer`;
  return Object.keys(fields).length ? { fields } : undefined;
}

/** The visible count and, a second after typing stops, the same for screen readers. */
function CharacterCount({ length }: { length: number }) {
  const [announced, setAnnounced] = useState('');
  const text =
    length < MIN
      ? `${length} of ${MAX.toLocaleString('en-IN')} characters (at least ${MIN})`
      : length > MAX
        ? `${(length - MAX).toLocaleString('en-IN')} characters too many`
        : `${length} of ${MAX.toLocaleString('en-IN')} characters`;
  useEffect(() => {
    const timer = setTimeout(() => setAnnounced(text), 1000);
    return () => clearTimeout(timer);
  }, [text]);
  return (
    <>
      <p class={length > MAX ? 'count over' : 'count'} aria-hidden="true">
        {text}
      </p>
      <p class="sr-only" aria-live="polite">
        {announced}
      </p>
    </>
  );
}

/**
 * The complaint form: "Your name", "Email" (optional), "Category", "Service
 * order" (optional), "Description" with a live count; staff add "Mobile number".
 * Sends with one Idempotency-Key per body, so a retry after a lost answer files once.
 */
export function ComplaintForm(props: {
  values: ComplaintValues;
  onChange: (v: ComplaintValues) => void;
  orders?: readonly { id: string; label: string }[];
  withPhone?: boolean;
  nameLabel?: string;
  submitLabel: string;
  submit: (v: ComplaintValues, idempotencyKey: string) => Promise<Grievance>;
  onFiled: (g: Grievance) => void;
  onCancel?: () => void;
}) {
  const v = props.values;
  const [problem, setProblem] = useState<FormProblem>();
  const [busy, setBusy] = useState(false);
  const key = useRef<{ body: string; key: string } | undefined>(undefined);
  const set = (patch: Partial<ComplaintValues>) => props.onChange({ ...v, ...patch });

  const onSubmit = async (e: Event) => {
    e.preventDefault();
    const invalid = validate(v, Boolean(props.withPhone));
    if (invalid) return setProblem(invalid);
    const body = JSON.stringify(v);
    if (key.current?.body !== body) key.current = { body, key: crypto.randomUUID() };
    setBusy(true);
    try {
      props.onFiled(await props.submit(v, key.current.key));
    } catch (error) {
      setProblem(toFormProblem(error, FIELD_OF));
    } finally {
      setBusy(false);
    }
  };

  const labels = {
    'complaint-phone': 'Mobile number',
    'complaint-name': props.nameLabel ?? 'Your name',
    'complaint-email': 'Email',
    'complaint-category': 'Category',
    'complaint-order': 'Service order',
    'complaint-description': 'Description',
  };
  return (
    <form onSubmit={onSubmit} noValidate>
      <ErrorSummary problem={problem} labels={labels} />
      {props.withPhone && (
        <TextField
          id="complaint-phone"
          label="Mobile number"
          hint="10-digit mobile number, like 9876543210"
          type="tel"
          autoComplete="off"
          width="medium"
          value={v.phone}
          onInput={(phone) => set({ phone })}
          error={problem?.fields['complaint-phone']}
        />
      )}
      <TextField
        id="complaint-name"
        label={labels['complaint-name']}
        autoComplete={props.withPhone ? 'off' : 'name'}
        value={v.name}
        onInput={(name) => set({ name })}
        error={problem?.fields['complaint-name']}
      />
      <TextField
        id="complaint-email"
        label="Email"
        optional
        hint="We only use it to write to you about this complaint."
        type="email"
        autoComplete={props.withPhone ? 'off' : 'email'}
        spellcheck={false}
        value={v.email}
        onInput={(email) => set({ email })}
        error={problem?.fields['complaint-email']}
      />
      <SelectField
        id="complaint-category"
        label="Category"
        value={v.category}
        onChange={(category) => set({ category: category as GrievanceCategory })}
        options={[{ value: '', label: 'Choose a category' }, ...CATEGORY_OPTIONS]}
        error={problem?.fields['complaint-category']}
      />
      {props.orders ? (
        <SelectField
          id="complaint-order"
          label="Service order"
          optional
          value={v.serviceOrderId}
          onChange={(serviceOrderId) => set({ serviceOrderId })}
          options={[
            { value: '', label: 'Not about a service order' },
            ...props.orders.map((o) => ({ value: o.id, label: o.label })),
          ]}
          error={problem?.fields['complaint-order']}
        />
      ) : (
        <TextField
          id="complaint-order"
          label="Service order"
          optional
          hint="Its number, like SO7KQ2M9XH4R"
          width="medium"
          spellcheck={false}
          value={v.serviceOrderId}
          onInput={(serviceOrderId) => set({ serviceOrderId })}
          error={problem?.fields['complaint-order']}
        />
      )}
      <TextArea
        id="complaint-description"
        label="Description"
        hint="What went wrong, and what you would like us to do."
        rows={6}
        value={v.description}
        onInput={(description) => set({ description })}
        error={problem?.fields['complaint-description']}
        after={<CharacterCount length={v.description.trim().length} />}
      />
      <div class="actions">
        <button type="submit" disabled={busy}>
          {props.submitLabel}
        </button>
        {props.onCancel && (
          <button type="button" class="secondary" onClick={props.onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
