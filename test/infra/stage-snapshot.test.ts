import { STAGES, type StageConfig } from '../../lib/stage-config';
import { synthStack } from '../support/template';

/**
 * The whole template of each stage, so any change to what would be deployed
 * shows up in review. Asset hashes (bundle S3 keys, which change with any
 * handler edit) are normalised; everything else must be deterministic.
 */
function normalised(stage: StageConfig['stage']): unknown {
  const { template } = synthStack(stage);
  const text = JSON.stringify(template.toJSON())
    .replace(/[0-9a-f]{64}(\.zip)?/g, '<asset-hash>')
    .replace(/"cdk-[a-z0-9]{9}-assets-/g, '"cdk-<qualifier>-assets-');
  return JSON.parse(text);
}

describe.each(Object.keys(STAGES) as StageConfig['stage'][])('the %s stage', (stage) => {
  it('synthesizes the template in the snapshot', () => {
    expect(normalised(stage)).toMatchSnapshot();
  });

  it('synthesizes the same template twice', () => {
    expect(JSON.stringify(normalised(stage))).toBe(JSON.stringify(normalised(stage)));
  });
});
