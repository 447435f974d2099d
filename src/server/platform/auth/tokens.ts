import { createHash, randomBytes } from 'node:crypto';

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Only hashes of bearer tokens are stored, so a database leak hands out no live sessions. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
