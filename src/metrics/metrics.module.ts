import { Global, Module } from '@nestjs/common';
import { DatabaseMetrics } from './database-metrics';
import { GatewayMetrics } from './gateway-metrics';
import { MetricsAccessGuard } from './metrics-access.guard';
import { MetricsController } from './metrics.controller';
import { MetricsRepository } from './metrics.repository';
import { MetricsService } from './metrics.service';

/** Prometheus metrics at /metrics; MetricsService is global so the gateway and jobs can record. */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [MetricsService, MetricsRepository, GatewayMetrics, DatabaseMetrics, MetricsAccessGuard],
  exports: [MetricsService],
})
export class MetricsModule {}
