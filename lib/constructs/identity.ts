import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  FeaturePlan,
  Mfa,
  OAuthScope,
  StandardThreatProtectionMode,
  UserPool,
  type UserPoolClient,
  UserPoolClientIdentityProvider,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { STAFF_GROUPS } from '../../lambdas/domain/staff';

export interface IdentityProps {
  mfa: 'OPTIONAL' | 'REQUIRED';
  protectData: boolean;
  /** Where the staff console's sign-in and sign-out return to. */
  staffConsole: { callbackUrls: string[]; logoutUrls: string[] };
}

/**
 * Staff identity: a Cognito user pool (administrators create users; no self
 * sign-up) with one group per role of API.md. TOTP is the only second factor
 * (no SMS: staff should not depend on the same channel as customer codes).
 */
export class Identity extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;

  constructor(scope: Construct, id: string, props: IdentityProps) {
    super(scope, id);
    this.userPool = new UserPool(this, 'StaffPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      passwordPolicy: {
        minLength: 12,
        requireDigits: true,
        requireLowercase: true,
        requireUppercase: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: props.mfa === 'REQUIRED' ? Mfa.REQUIRED : Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // Plus tier: compromised-credential and adaptive-authentication checks, enforced (a handful of staff users).
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: props.protectData,
      removalPolicy: props.protectData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    if (props.mfa !== 'REQUIRED') {
      Validations.of(this.userPool).acknowledge({
        id: 'AwsSolutions-COG2',
        reason: 'Development stage only: MFA is optional so test users can sign in; prod requires TOTP.',
      });
    }
    // The staff console: a public client (a browser keeps no secret) using the authorization code
    // grant with PKCE only. No implicit grant (tokens in the URL), no client credentials, and only
    // the stage's own redirect URLs instead of CDK's https://example.com default. Cognito has no
    // switch that requires PKCE of a public client; the console sends an S256 code_challenge.
    this.client = this.userPool.addClient('StaffConsole', {
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: props.staffConsole.callbackUrls,
        logoutUrls: props.staffConsole.logoutUrls,
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
    });
    for (const group of STAFF_GROUPS) {
      new CfnUserPoolGroup(this, `Group-${group}`, {
        userPoolId: this.userPool.userPoolId,
        groupName: group,
      });
    }
  }
}
