/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "mutation SignUp($input: SignUpInput!) {\n  signUp(input: $input) {\n    token\n    viewer {\n      id\n      name\n      email\n      emailVerified\n    }\n    session {\n      id\n      current\n      method\n    }\n  }\n}\n\nmutation SignIn($input: SignInInput!) {\n  signIn(input: $input) {\n    token\n    viewer {\n      id\n      email\n    }\n    session {\n      id\n    }\n  }\n}\n\nmutation SignOut {\n  signOut {\n    sessionId\n  }\n}\n\nquery Viewer {\n  viewer {\n    id\n    name\n    email\n    emailVerified\n  }\n}\n\nquery ViewerSessions {\n  viewer {\n    id\n    sessions {\n      id\n      userAgent\n      ip\n      method\n      current\n      createdAt\n      lastSeenAt\n      expiresAt\n    }\n  }\n}\n\nmutation UpdateProfile($input: UpdateProfileInput!) {\n  updateProfile(input: $input) {\n    viewer {\n      id\n      name\n      email\n      emailVerified\n    }\n  }\n}\n\nmutation RevokeSession($input: RevokeSessionInput!) {\n  revokeSession(input: $input) {\n    session {\n      id\n    }\n  }\n}\n\nmutation RevokeAllSessions {\n  revokeAllSessions {\n    revokedCount\n  }\n}\n\nmutation RequestPasswordReset($input: RequestPasswordResetInput!) {\n  requestPasswordReset(input: $input) {\n    accepted\n  }\n}\n\nmutation ResetPassword($input: ResetPasswordInput!) {\n  resetPassword(input: $input) {\n    success\n  }\n}": typeof types.SignUpDocument,
};
const documents: Documents = {
    "mutation SignUp($input: SignUpInput!) {\n  signUp(input: $input) {\n    token\n    viewer {\n      id\n      name\n      email\n      emailVerified\n    }\n    session {\n      id\n      current\n      method\n    }\n  }\n}\n\nmutation SignIn($input: SignInInput!) {\n  signIn(input: $input) {\n    token\n    viewer {\n      id\n      email\n    }\n    session {\n      id\n    }\n  }\n}\n\nmutation SignOut {\n  signOut {\n    sessionId\n  }\n}\n\nquery Viewer {\n  viewer {\n    id\n    name\n    email\n    emailVerified\n  }\n}\n\nquery ViewerSessions {\n  viewer {\n    id\n    sessions {\n      id\n      userAgent\n      ip\n      method\n      current\n      createdAt\n      lastSeenAt\n      expiresAt\n    }\n  }\n}\n\nmutation UpdateProfile($input: UpdateProfileInput!) {\n  updateProfile(input: $input) {\n    viewer {\n      id\n      name\n      email\n      emailVerified\n    }\n  }\n}\n\nmutation RevokeSession($input: RevokeSessionInput!) {\n  revokeSession(input: $input) {\n    session {\n      id\n    }\n  }\n}\n\nmutation RevokeAllSessions {\n  revokeAllSessions {\n    revokedCount\n  }\n}\n\nmutation RequestPasswordReset($input: RequestPasswordResetInput!) {\n  requestPasswordReset(input: $input) {\n    accepted\n  }\n}\n\nmutation ResetPassword($input: ResetPasswordInput!) {\n  resetPassword(input: $input) {\n    success\n  }\n}": types.SignUpDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation SignUp($input: SignUpInput!) {\n  signUp(input: $input) {\n    token\n    viewer {\n      id\n      name\n      email\n      emailVerified\n    }\n    session {\n      id\n      current\n      method\n    }\n  }\n}\n\nmutation SignIn($input: SignInInput!) {\n  signIn(input: $input) {\n    token\n    viewer {\n      id\n      email\n    }\n    session {\n      id\n    }\n  }\n}\n\nmutation SignOut {\n  signOut {\n    sessionId\n  }\n}\n\nquery Viewer {\n  viewer {\n    id\n    name\n    email\n    emailVerified\n  }\n}\n\nquery ViewerSessions {\n  viewer {\n    id\n    sessions {\n      id\n      userAgent\n      ip\n      method\n      current\n      createdAt\n      lastSeenAt\n      expiresAt\n    }\n  }\n}\n\nmutation UpdateProfile($input: UpdateProfileInput!) {\n  updateProfile(input: $input) {\n    viewer {\n      id\n      name\n      email\n      emailVerified\n    }\n  }\n}\n\nmutation RevokeSession($input: RevokeSessionInput!) {\n  revokeSession(input: $input) {\n    session {\n      id\n    }\n  }\n}\n\nmutation RevokeAllSessions {\n  revokeAllSessions {\n    revokedCount\n  }\n}\n\nmutation RequestPasswordReset($input: RequestPasswordResetInput!) {\n  requestPasswordReset(input: $input) {\n    accepted\n  }\n}\n\nmutation ResetPassword($input: ResetPasswordInput!) {\n  resetPassword(input: $input) {\n    success\n  }\n}"): (typeof documents)["mutation SignUp($input: SignUpInput!) {\n  signUp(input: $input) {\n    token\n    viewer {\n      id\n      name\n      email\n      emailVerified\n    }\n    session {\n      id\n      current\n      method\n    }\n  }\n}\n\nmutation SignIn($input: SignInInput!) {\n  signIn(input: $input) {\n    token\n    viewer {\n      id\n      email\n    }\n    session {\n      id\n    }\n  }\n}\n\nmutation SignOut {\n  signOut {\n    sessionId\n  }\n}\n\nquery Viewer {\n  viewer {\n    id\n    name\n    email\n    emailVerified\n  }\n}\n\nquery ViewerSessions {\n  viewer {\n    id\n    sessions {\n      id\n      userAgent\n      ip\n      method\n      current\n      createdAt\n      lastSeenAt\n      expiresAt\n    }\n  }\n}\n\nmutation UpdateProfile($input: UpdateProfileInput!) {\n  updateProfile(input: $input) {\n    viewer {\n      id\n      name\n      email\n      emailVerified\n    }\n  }\n}\n\nmutation RevokeSession($input: RevokeSessionInput!) {\n  revokeSession(input: $input) {\n    session {\n      id\n    }\n  }\n}\n\nmutation RevokeAllSessions {\n  revokeAllSessions {\n    revokedCount\n  }\n}\n\nmutation RequestPasswordReset($input: RequestPasswordResetInput!) {\n  requestPasswordReset(input: $input) {\n    accepted\n  }\n}\n\nmutation ResetPassword($input: ResetPasswordInput!) {\n  resetPassword(input: $input) {\n    success\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;