import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { channelOf, routeTemplateOf } from '../common/http/route-template';
import { requestContext } from '../common/request-context';
import { MetricsService } from './metrics.service';

/** Express middleware: observes every request once its response is sent (by route template, never the raw path). */
export function recordHttpMetrics(metrics: MetricsService): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const route = routeTemplateOf(req);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const tool = requestContext.of(req)?.mcpTool;
      metrics.observeRequest(
        { route, method: req.method, status: res.statusCode, channel: channelOf(route), tool },
        seconds,
      );
    });
    next();
  };
}
