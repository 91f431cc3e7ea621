import { randomUUID } from 'node:crypto';

/** Genesys's platform error body (`Models.ErrorBody`), as every /api/v2 error answers. */
export interface ErrorBody {
  message: string;
  code: string;
  status: number;
  messageWithParams?: string;
  messageParams: Record<string, string>;
  contextId: string;
  details: Array<{ errorCode?: string; fieldName?: string; entityId?: string; entityName?: string }>;
  errors: ErrorBody[];
}

/**
 * An error a handler throws to answer with Genesys's error body. The server fills `contextId` with the
 * request's correlation id.
 */
export class GenesysHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: {
      messageParams?: Record<string, string>;
      details?: ErrorBody['details'];
      headers?: Record<string, string>;
    } = {},
  ) {
    super(message);
    this.name = 'GenesysHttpError';
  }

  toBody(contextId: string): ErrorBody {
    return {
      message: this.message,
      code: this.code,
      status: this.status,
      messageParams: this.extra.messageParams ?? {},
      contextId,
      details: this.extra.details ?? [],
      errors: [],
    };
  }
}

/** 400 `bad.request` (Genesys's generic code for an invalid body), optionally naming the field. */
export function badRequest(message: string, fieldName?: string, code = 'bad.request'): GenesysHttpError {
  return new GenesysHttpError(400, code, message, fieldName ? { details: [{ errorCode: code, fieldName }] } : {});
}

export function notFound(message = 'The requested resource was not found.'): GenesysHttpError {
  return new GenesysHttpError(404, 'not.found', message);
}

export const newCorrelationId = (): string => randomUUID();
