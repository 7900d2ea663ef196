import { Controller, Get, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { Response } from 'express';
import { MetricsAccessGuard } from './metrics-access.guard';
import { MetricsService } from './metrics.service';

/**
 * Prometheus's scrape target. Not part of the public API (no Swagger entry) and not rate limited:
 * a scraper polls on a fixed schedule, and its credentials already keep others out.
 */
@ApiExcludeController()
@SkipThrottle()
@UseGuards(MetricsAccessGuard)
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  async scrapeMetrics(@Res() res: Response): Promise<void> {
    const { contentType, body } = await this.metrics.exposition();
    res.setHeader('Cache-Control', 'no-store');
    res.type(contentType).send(body);
  }
}
