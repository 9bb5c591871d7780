import type { ServiceOrder, ServiceOrderStatus } from '../shared/api';
import { formatTime } from '../shared/format';
import { Masked } from '../shared/ui';

/**
 * The tracking indicator's stages, named as WEB.md lists them (a stage is not
 * a status: the fourth is "Delivery", whose status is "Delivered"). The current
 * stage also shows the API's `statusLabel` and `statusDescription`.
 */
const STAGES: readonly { status: ServiceOrderStatus; name: string }[] = [
  { status: 'UNDER_INSPECTION', name: 'Under inspection' },
  { status: 'WORK_IN_PROGRESS', name: 'Work in progress' },
  { status: 'READY_FOR_DELIVERY', name: 'Ready for delivery' },
  { status: 'DELIVERED', name: 'Delivery' },
];
const CANCELLED_STAGE = { status: 'CANCELLED', name: 'Cancelled' } as const;

/**
 * The five-stage tracking indicator (WAI-ARIA practice for a progress list):
 * one item per stage, "Cancelled" only when it happened, the current one
 * `aria-current="step"` with the API's label and description.
 */
export function RepairProgress({ order }: { order: ServiceOrder }) {
  const cancelled = order.status === 'CANCELLED';
  const reached = new Set(order.timeline.map((t) => t.status));
  const stages = cancelled ? [...STAGES, CANCELLED_STAGE] : STAGES;
  const currentIndex = STAGES.findIndex((s) => s.status === order.status);
  const id = `progress-${order.id}`;
  return (
    <>
      <h3 id={id}>Repair progress</h3>
      <ol class="progress" aria-labelledby={id}>
        {stages.map((stage, i) => {
          const current = stage.status === order.status;
          const done = !current && (cancelled ? reached.has(stage.status) : i < currentIndex);
          return (
            <li
              key={stage.status}
              class={
                [done ? 'done' : '', stage.status === 'CANCELLED' ? 'cancelled' : ''].join(' ').trim() ||
                undefined
              }
              aria-current={current ? 'step' : undefined}
            >
              <span class="stage-label">{stage.name}</span>
              {current && (
                <span class="stage-description">
                  {order.statusLabel === stage.name ? '' : `${order.statusLabel}: `}
                  {order.statusDescription}
                </span>
              )}
              {!current && <span class="sr-only">{done ? ' (done)' : ' (not yet)'}</span>}
            </li>
          );
        })}
      </ol>
    </>
  );
}

export function ServiceOrderTimeline({ order, staff }: { order: ServiceOrder; staff?: boolean }) {
  const entries = [...order.timeline].reverse();
  return (
    <ol class="timeline" aria-label={`History of ${order.id}`}>
      {entries.map((t) => (
        <li key={`${t.at}-${t.status}`}>
          <time dateTime={t.at}>{formatTime(t.at)}</time> — <strong>{t.statusLabel}</strong>
          {t.note && <span>: {t.note}</span>}
          {staff && (
            <span class="muted"> (by {t.staffId ?? (t.actor === 'SYSTEM' ? 'the system' : 'staff')})</span>
          )}
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
