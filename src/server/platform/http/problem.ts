import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import type { Problem } from '../../../contract/api.ts';
import { AppError } from '../errors/app-error.ts';
import { type ErrorCode, message, title } from '../errors/messages.ts';
import { requestLocale } from './locale.ts';

export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: ErrorCode,
  params: Record<string, string | number> = {},
  extra: Partial<Pick<Problem, 'errors' | 'retryAfterSeconds' | 'conflicts'>> = {},
) {
  const locale = requestLocale(request);
  const body: Problem = {
    type: `https://calidad.local/problems/${code.replaceAll('_', '-')}`,
    title: title(status, locale),
    status,
    detail: message(code, locale, params),
    instance: request.url.split('?')[0],
    code,
    requestId: request.id,
    ...extra,
  };
  if (extra.retryAfterSeconds) reply.header('retry-after', String(extra.retryAfterSeconds));
  return reply.status(status).header('content-language', locale).type('application/problem+json').send(body);
}

/** Every error leaves the server as RFC 9457 problem+json in the requester's language. */
export function registerProblemHandlers(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof AppError) {
      return sendProblem(request, reply, err.status, err.code, err.params, {
        ...(err.fieldErrors ? { errors: err.fieldErrors } : {}),
        ...(err.retryAfterSeconds ? { retryAfterSeconds: err.retryAfterSeconds } : {}),
        ...(err.conflicts ? { conflicts: err.conflicts } : {}),
      });
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const errors = err.validation.map((v) => ({
        path: [err.validationContext, ...String(v.instancePath).split('/').filter(Boolean)].join('.'),
        message: v.message ?? 'invalid',
      }));
      return sendProblem(request, reply, 400, 'validation_failed', {}, { errors });
    }
    if (isResponseSerializationError(err)) {
      request.log.error({ err, issues: err.cause.issues }, 'response did not match its schema');
      return sendProblem(request, reply, 500, 'internal_error');
    }
    switch (err.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return sendProblem(request, reply, 400, 'malformed_json');
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return sendProblem(request, reply, 413, 'body_too_large', {
          limit: app.initialConfig.bodyLimit ?? 0,
        });
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return sendProblem(request, reply, 415, 'unsupported_media_type');
    }
    if (err instanceof SyntaxError) return sendProblem(request, reply, 400, 'malformed_json');
    const status = err.statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err }, 'unhandled error');
      return sendProblem(request, reply, 500, 'internal_error');
    }
    request.log.info({ err }, 'client error');
    return sendProblem(request, reply, status, 'bad_request');
  });
}
