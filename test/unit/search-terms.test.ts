import { grievanceMatches, serviceOrderMatches } from '../../lambdas/domain/search';

const readPhone = (s: string) => (/^(\+91)?[6-9]\d{9}$/.test(s) ? `+91${s.slice(-10)}` : undefined);

describe('what a staff search term names', () => {
  it('reads a grievance id, a phone (national or E.164) or a service order id', () => {
    expect(grievanceMatches('grv-abcd2345', readPhone)).toEqual([{ by: 'GRIEVANCE', id: 'GRV-ABCD2345' }]);
    expect(grievanceMatches('9812345670', readPhone)).toEqual([{ by: 'PHONE', phone: '+919812345670' }]);
    expect(grievanceMatches('+919812345670', readPhone)).toEqual([{ by: 'PHONE', phone: '+919812345670' }]);
    expect(grievanceMatches('so7kq2m9xh4r', readPhone)).toEqual([
      { by: 'SERVICE_ORDER', serviceOrderId: 'SO7KQ2M9XH4R' },
    ]);
    expect(grievanceMatches('hello there', readPhone)).toEqual([]);
  });

  it('reads a service-order term as every identifier it could be', () => {
    expect(serviceOrderMatches('356938035643809', readPhone).map((m) => m.by)).toEqual([
      'PURCHASE_ORDER',
      'IMEI',
      'SERIAL',
    ]);
    expect(serviceOrderMatches('9812345670', readPhone)).toEqual([
      { by: 'PURCHASE_ORDER', value: '9812345670' },
      { by: 'PHONE', value: '+919812345670' },
      { by: 'SERIAL', value: '9812345670' },
    ]);
    expect(serviceOrderMatches('PO-2026/0042', readPhone)).toEqual([
      { by: 'PURCHASE_ORDER', value: 'PO-2026/0042' },
    ]);
    expect(serviceOrderMatches('so7kq2m9xh4r', readPhone)[0]).toEqual({
      by: 'SERVICE_ORDER',
      value: 'SO7KQ2M9XH4R',
    });
    expect(serviceOrderMatches('??', readPhone)).toEqual([]);
  });
});
