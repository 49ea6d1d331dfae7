import type { RequestHandler } from 'express';
import { jsonShape } from '../domain/json-shape';
import { Problem } from './problems';

/** No request body of ours comes near this; deeper bodies are refused before auth or any route sees them. */
export const MAX_BODY_DEPTH = 32;

export const refuseDeepBodies: RequestHandler = (req, _res, next) => {
  if (jsonShape(req.body, MAX_BODY_DEPTH).depth > MAX_BODY_DEPTH) {
    return next(
      new Problem('body-too-deep', {
        detail: `请求体嵌套超过 ${MAX_BODY_DEPTH} 层 / The body is nested more than ${MAX_BODY_DEPTH} levels deep`,
      }),
    );
  }
  next();
};
