import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnManagedLoginBranding,
  CfnUserPoolGroup,
  FeaturePlan,
  ManagedLoginVersion,
  Mfa,
  OAuthScope,
  StandardThreatProtectionMode,
  UserPool,
  type UserPoolClient,
  UserPoolClientIdentityProvider,
  type UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { STAFF_GROUPS } from '../../lambdas/domain/staff';

export interface IdentityProps {
  stage: string;
  mfa: 'OPTIONAL' | 'REQUIRED';
  protectData: boolean;
}

/**
 * Staff identity: a Cognito user pool (administrators create users; no self
 * sign-up) with one group per role of API.md. TOTP is the only second factor
 * (no SMS: staff should not depend on the same channel as customer codes).
 */
export class Identity extends Construct {
  readonly userPool: UserPool;
  /** Cognito's managed login (the newer, branded version) on a Cognito-hosted domain. */
  readonly domain: UserPoolDomain;
  private consoleClient: UserPoolClient | undefined;

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
    // Managed login on a Cognito domain: the prefix is unique per region across all of AWS, so it
    // carries the stage and the account. A custom domain needs an ACM certificate in us-east-1
    // (README, "A custom domain").
    this.domain = this.userPool.addDomain('ManagedLogin', {
      cognitoDomain: { domainPrefix: `redress-${props.stage}-${Stack.of(this).account}` },
      managedLoginVersion: ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });
    for (const group of STAFF_GROUPS) {
      new CfnUserPoolGroup(this, `Group-${group}`, {
        userPoolId: this.userPool.userPoolId,
        groupName: group,
      });
    }
  }

  /** The staff console's app client; made once, when the console's URL is known. */
  get client(): UserPoolClient {
    if (!this.consoleClient) throw new Error('the staff console client is made by addConsoleClient()');
    return this.consoleClient;
  }

  /** The managed login's base URL, e.g. https://redress-dev-123456789012.auth.ap-south-1.amazoncognito.com */
  get domainUrl(): string {
    return this.domain.baseUrl();
  }

  /**
   * The staff console's app client, for exactly the console's URL (sign-in returns there,
   * sign-out too), with managed login's default branding (the newer managed login shows
   * nothing to a client without a style).
   */
  addConsoleClient(consoleUrls: { callbackUrls: string[]; logoutUrls: string[] }): UserPoolClient {
    if (this.consoleClient) throw new Error('the staff console client exists already');
    // The staff console: a public client (a browser keeps no secret) using the authorization code
    // grant with PKCE only. No implicit grant (tokens in the URL), no client credentials, and only
    // the console's own URL instead of CDK's https://example.com default. Cognito has no
    // switch that requires PKCE of a public client; the console sends an S256 code_challenge.
    this.consoleClient = this.userPool.addClient('StaffConsole', {
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: consoleUrls.callbackUrls,
        logoutUrls: consoleUrls.logoutUrls,
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
    });
    new CfnManagedLoginBranding(this, 'ConsoleBranding', {
      userPoolId: this.userPool.userPoolId,
      clientId: this.consoleClient.userPoolClientId,
      useCognitoProvidedValues: true,
    });
    return this.consoleClient;
  }
}
