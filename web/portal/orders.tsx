import { STATUS_TEXT } from '../../lambdas/domain/service-order';
import type { ServiceOrder, ServiceOrderStatus } from '../shared/api';
import { formatTime } from '../shared/format';
import { Masked } from '../shared/ui';

const STAGES: readonly ServiceOrderStatus[] = [
  'UNDER_INSPECTION',
  'WORK_IN_PROGRESS',
  'READY_FOR_DELIVERY',
  'DELIVERED',
];

type TimelineEntry = ServiceOrder['timeline'][number] & { statusLabel?: string };

/**
 * The five-stage tracking indicator (WAI-ARIA practice for a progress list):
 * one item per stage, "Cancelled" only when it happened, the current one
 * `aria-current="step"` with its label and description.
 */
export function RepairProgress({ order }: { order: ServiceOrder }) {
  const cancelled = order.status === 'CANCELLED';
  const reached = new Set(order.timeline.map((t) => t.status));
  const stages = cancelled ? [...STAGES, 'CANCELLED' as const] : STAGES;
  const currentIndex = STAGES.indexOf(order.status);
  const id = `progress-${order.id}`;
  return (
    <>
      <h3 id={id}>Repair progress</h3>
      <ol class="progress" aria-labelledby={id}>
        {stages.map((stage, i) => {
          const current = stage === order.status;
          const done = !current && (cancelled ? reached.has(stage) : i < currentIndex);
          const label = current ? order.statusLabel : STATUS_TEXT[stage].label;
          return (
            <li
              key={stage}
              class={
                [done ? 'done' : '', stage === 'CANCELLED' ? 'cancelled' : ''].join(' ').trim() || undefined
              }
              aria-current={current ? 'step' : undefined}
            >
              <span class="stage-label">{label}</span>
              {current && <span class="stage-description">{order.statusDescription}</span>}
              {!current && <span class="sr-only">{done ? ' (done)' : ' (not yet)'}</span>}
            </li>
          );
        })}
      </ol>
    </>
  );
}

export function ServiceOrderTimeline({ order, staff }: { order: ServiceOrder; staff?: boolean }) {
  const entries = [...order.timeline].reverse() as TimelineEntry[];
  return (
    <ol class="timeline" aria-label={`History of ${order.id}`}>
      {entries.map((t) => (
        <li key={`${t.at}-${t.status}`}>
          <time dateTime={t.at}>{formatTime(t.at)}</time> —{' '}
          <strong>{t.statusLabel ?? STATUS_TEXT[t.status].label}</strong>
          {t.note && <span>: {t.note}</span>}
          {staff && t.actor && <span class="muted"> (by {t.actor})</span>}
        </li>
      ))}
    </ol>
  );
}

export function DeviceFacts({ order, masked }: { order: ServiceOrder; masked: boolean }) {
  return (
    <dl class="facts">
      <dt>Device</dt>
      <dd>{order.device.model}</dd>
      {order.device.imei && (
        <>
          <dt>IMEI</dt>
          <dd>{masked ? <Masked value={order.device.imei} /> : order.device.imei}</dd>
        </>
      )}
      {order.device.serialNumber && (
        <>
          <dt>Serial number</dt>
          <dd>{masked ? <Masked value={order.device.serialNumber} /> : order.device.serialNumber}</dd>
        </>
      )}
      <dt>Service centre</dt>
      <dd>{order.serviceCentre}</dd>
      <dt>Estimated ready</dt>
      <dd>{order.estimatedReadyAt ? formatTime(order.estimatedReadyAt) : 'Not known yet'}</dd>
      <dt>Issue</dt>
      <dd>{order.issue}</dd>
    </dl>
  );
}

/** One service order as the customer sees it. */
export function OrderCard({ order }: { order: ServiceOrder }) {
  const titleId = `order-${order.id}`;
  return (
    <section class="card" aria-labelledby={titleId}>
      <h2 id={titleId}>Service order {order.id}</h2>
      <p>
        <strong>{order.statusLabel}</strong> — {order.statusDescription}
      </p>
      <DeviceFacts order={order} masked />
      <RepairProgress order={order} />
      <h3>History</h3>
      <ServiceOrderTimeline order={order} />
    </section>
  );
}
