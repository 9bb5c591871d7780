import { actionsOf, functionId, statementsOf, synthStack } from '../support/template';

describe('the ownership and SLA report functions in the CDK stack', () => {
  const { resources } = synthStack('dev');
  const dynamoActions = (route: string) =>
    actionsOf(statementsOf(resources, functionId(resources, `fn${route.replace(/-/g, '')}Function`))).filter(
      (a) => a.startsWith('dynamodb:'),
    );

  it('lets the SLA report read the day items by key and write nothing', () => {
    const actions = dynamoActions('staff-sla-report');
    expect(actions).toEqual(
      expect.arrayContaining(['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query']),
    );
    for (const write of [
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
      'dynamodb:BatchWriteItem',
    ])
      expect(actions).not.toContain(write);
    expect(actions).not.toContain('dynamodb:Scan');
  });

  it('lets claim and release write a grievance and its counters (a transaction of Put and Update)', () => {
    for (const route of ['staff-grievance-claim', 'staff-grievance-release'])
      expect(dynamoActions(route)).toEqual(
        expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']),
      );
  });
});
