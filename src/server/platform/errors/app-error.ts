import type { Problem } from '../../../contract/api.ts';
import type { ErrorCode } from './messages.ts';

/** An error a service throws on purpose; the HTTP layer turns it into problem+json. */
export class AppError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly params: Record<string, string | number>;
  readonly fieldErrors: { path: string; message: string }[] | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly conflicts: Problem['conflicts'];

  constructor(
    status: number,
    code: ErrorCode,
    params: Record<string, string | number> = {},
    extra: {
      fieldErrors?: { path: string; message: string }[];
      retryAfterSeconds?: number;
      conflicts?: Problem['conflicts'];
    } = {},
  ) {
    super(code);
    this.status = status;
    this.code = code;
    this.params = params;
    this.fieldErrors = extra.fieldErrors;
    this.retryAfterSeconds = extra.retryAfterSeconds;
    this.conflicts = extra.conflicts;
  }
}

export const notFound = () => new AppError(404, 'not_found');
export const forbidden = (code: ErrorCode = 'forbidden') => new AppError(403, code);
