import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { FormProblem } from './api';

/**
 * Small form and page pieces after the GOV.UK Design System: labels above
 * inputs, hint and error text tied to the input, an error summary that takes
 * focus and links to the fields, a heading that takes focus on a new screen.
 */

/** The screen's heading, focused when the screen appears so screen readers announce it. */
export function ScreenHeading({ children }: { children: ComponentChildren }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <h1 ref={ref} tabIndex={-1}>
      {children}
    </h1>
  );
}

/** The current time, refreshed every `everyMs`. */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/**
 * "There is a problem": the alert message and a link to each field in error.
 * It takes focus whenever a new problem arrives.
 */
export function ErrorSummary({
  problem,
  labels,
}: {
  problem: FormProblem | undefined;
  labels?: Record<string, string>;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (problem) ref.current?.focus();
  }, [problem]);
  if (!problem) return null;
  const fields = Object.entries(problem.fields);
  return (
    <div class="error-summary" role="alert" tabIndex={-1} ref={ref} aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">There is a problem</h2>
      {problem.summary && <p>{problem.summary}</p>}
      {fields.length > 0 && (
        <ul>
          {fields.map(([id, message]) => (
            <li key={id}>
              <a
                href={`#${id}`}
                onClick={(e) => {
                  e.preventDefault();
                  document.getElementById(id)?.focus();
                }}
              >
                {labels?.[id] ? `${labels[id]}: ` : ''}
                {message}
              </a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

interface FieldProps {
  id: string;
  label: string;
  hint?: ComponentChildren;
  error?: string | undefined;
  optional?: boolean;
}

function FieldFrame(props: FieldProps & { children: ComponentChildren }) {
  return (
    <div class={props.error ? 'field field-error' : 'field'}>
      <label for={props.id}>
        {props.label}
        {props.optional && <span class="optional"> (optional)</span>}
      </label>
      {props.hint && (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.error && (
        <p class="error-message" id={`${props.id}-error`}>
          <span class="sr-only">Error: </span>
          {props.error}
        </p>
      )}
      {props.children}
    </div>
  );
}

const describedBy = (p: FieldProps) =>
  [p.hint ? `${p.id}-hint` : '', p.error ? `${p.id}-error` : ''].filter(Boolean).join(' ') || undefined;

/**
 * The label is the accessible name: "(optional)" is shown beside it but kept
 * out of the name, so a field is found by the name WEB.md gives it.
 */
const fieldName = (p: FieldProps) => (p.optional ? p.label : undefined);

export function TextField(
  props: FieldProps & {
    value: string;
    onInput: (value: string) => void;
    type?: 'text' | 'email' | 'tel' | 'datetime-local' | 'date' | 'search';
    inputMode?: 'numeric' | 'text' | 'tel' | 'email';
    autoComplete?: string;
    spellcheck?: boolean;
    maxLength?: number;
    width?: 'short' | 'medium';
  },
) {
  return (
    <FieldFrame {...props}>
      <input
        id={props.id}
        name={props.id}
        class={props.width ? `input input-${props.width}` : 'input'}
        // one of the text-like types; Preact's union of input types cannot narrow a prop
        type={(props.type ?? 'text') as 'text'}
        value={props.value}
        onInput={(e) => props.onInput(e.currentTarget.value)}
        inputMode={props.inputMode}
        autoComplete={props.autoComplete}
        spellcheck={props.spellcheck}
        maxLength={props.maxLength}
        aria-label={fieldName(props)}
        aria-describedby={describedBy(props)}
        aria-invalid={props.error ? true : undefined}
      />
    </FieldFrame>
  );
}

export function TextArea(
  props: FieldProps & {
    value: string;
    onInput: (value: string) => void;
    rows?: number;
    after?: ComponentChildren;
  },
) {
  return (
    <FieldFrame {...props}>
      <textarea
        id={props.id}
        name={props.id}
        class="input"
        rows={props.rows ?? 5}
        value={props.value}
        onInput={(e) => props.onInput(e.currentTarget.value)}
        aria-label={fieldName(props)}
        aria-describedby={
          [describedBy(props), props.after ? `${props.id}-after` : ''].filter(Boolean).join(' ') || undefined
        }
        aria-invalid={props.error ? true : undefined}
      />
      {props.after && <div id={`${props.id}-after`}>{props.after}</div>}
    </FieldFrame>
  );
}

export function SelectField(
  props: FieldProps & {
    value: string;
    onChange: (value: string) => void;
    options: readonly { value: string; label: string }[];
  },
) {
  return (
    <FieldFrame {...props}>
      <select
        id={props.id}
        name={props.id}
        class="input"
        value={props.value}
        onChange={(e) => props.onChange(e.currentTarget.value)}
        aria-label={fieldName(props)}
        aria-describedby={describedBy(props)}
        aria-invalid={props.error ? true : undefined}
      >
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

export function Checkbox(props: {
  id: string;
  label: string;
  checked: boolean;
  onChange: (v: boolean) => void;
}) {
  return (
    <div class="checkbox">
      <input
        id={props.id}
        name={props.id}
        type="checkbox"
        checked={props.checked}
        onChange={(e) => props.onChange(e.currentTarget.checked)}
      />
      <label for={props.id}>{props.label}</label>
    </div>
  );
}

/** A live region for status changes ("Your complaint was filed", "Status changed"). */
export function StatusMessage({ message }: { message: string | undefined }) {
  return (
    <p class={message ? 'status-message' : 'status-message empty'} role="status">
      {message ?? ''}
    </p>
  );
}

/** A device number shown masked but for its last 4 characters. */
export function Masked({ value }: { value: string }) {
  const hidden = '•'.repeat(Math.max(0, value.length - 4));
  return (
    <span class="masked">
      <span aria-hidden="true">{hidden}</span>
      <span class="sr-only">ending in </span>
      {value.slice(-4)}
    </span>
  );
}
