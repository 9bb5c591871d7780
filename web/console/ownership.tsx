import { useRef, useState } from 'preact/hooks';
import { ApiError, type Grievance, type StaffProfile } from '../shared/api';
import { formatTime } from '../shared/format';
import { StatusMessage } from '../shared/ui';
import { type Action, ownerName, ownershipActions } from './ownership-rules';
import type { StaffApi } from './staff-api';

const DONE: Record<Action, string> = {
  claim: 'You hold this grievance now.',
  release: 'Released. Nobody holds this grievance now.',
  'take-over': 'Taken over. You hold this grievance now.',
};

/**
 * The owner of a grievance and the buttons "Claim", "Release" and "Take over"
 * (only those the caller may use). After a change the owner line takes focus
 * (the button pressed is gone); an error goes to an alert that takes focus.
 */
export function Ownership(props: {
  api: StaffApi;
  g: Grievance;
  me: StaffProfile;
  onChange: (g: Grievance) => void;
}) {
  const { g, me } = props;
  const [error, setError] = useState<string>();
  const [message, setMessage] = useState<string>();
  const [busy, setBusy] = useState(false);
  const ownerRef = useRef<HTMLParagraphElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);

  const act = async (action: Action) => {
    setBusy(true);
    setMessage(undefined);
    try {
      const next =
        action === 'release'
          ? await props.api.release(g.id)
          : await props.api.claim(g.id, action === 'take-over');
      setError(undefined);
      props.onChange(next);
      setMessage(DONE[action]);
      requestAnimationFrame(() => ownerRef.current?.focus());
    } catch (e) {
      // Someone else may have claimed it meanwhile: show who holds it now.
      if (e instanceof ApiError && e.status === 409)
        await props.api.grievance(g.id).then(props.onChange, () => undefined);
      setError(
        e instanceof ApiError && e.status === 409 && action === 'claim'
          ? 'Someone else has claimed this grievance meanwhile. Use “Take over” if it should be yours.'
          : e instanceof Error
            ? e.message
            : 'Something went wrong. Please try again.',
      );
      requestAnimationFrame(() => alertRef.current?.focus());
    } finally {
      setBusy(false);
    }
  };

  const actions = ownershipActions(g, me);
  const holder = g.assignee;
  return (
    <section class="panel ownership" aria-labelledby="ownership-title">
      <h2 id="ownership-title">Owner</h2>
      <p ref={ownerRef} tabIndex={-1} id="owner-line">
        <strong>{ownerName(holder, me.sub)}</strong>
        {holder && <span class="muted"> since {formatTime(holder.at)}</span>}
      </p>
      <StatusMessage message={message} />
      {error && (
        <div class="error-summary" role="alert" tabIndex={-1} ref={alertRef}>
          <p>{error}</p>
        </div>
      )}
      {actions.includes('take-over') && (
        <p class="hint" id="take-over-hint">
          {holder?.staffId} holds this grievance. Taking it over makes you its owner instead; the timeline
          records it.
        </p>
      )}
      {actions.length > 0 && (
        <div class="actions">
          {actions.includes('claim') && (
            <button type="button" disabled={busy} onClick={() => void act('claim')}>
              Claim
            </button>
          )}
          {actions.includes('take-over') && (
            <button
              type="button"
              disabled={busy}
              aria-describedby="take-over-hint"
              onClick={() => void act('take-over')}
            >
              Take over
            </button>
          )}
          {actions.includes('release') && (
            <button type="button" class="secondary" disabled={busy} onClick={() => void act('release')}>
              Release
            </button>
          )}
        </div>
      )}
    </section>
  );
}
