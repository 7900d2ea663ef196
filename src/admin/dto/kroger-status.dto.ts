import { ApiProperty } from '@nestjs/swagger';
import { KrogerEnvironmentDto, QuotaBudgetDto } from '../../health/health.dto';

export class BreakerDto {
  @ApiProperty({ example: 'products' })
  api!: string;

  @ApiProperty({ enum: ['closed', 'open', 'half-open'] })
  state!: string;

  @ApiProperty({ example: 0 })
  consecutiveFailures!: number;

  @ApiProperty({
    type: String,
    nullable: true,
    format: 'date-time',
    description: 'When an open breaker lets a probe through',
  })
  retryAt!: string | null;
}

export class CacheStatsDto {
  @ApiProperty({ enum: ['memory', 'redis'] })
  kind!: string;

  @ApiProperty({ required: false })
  entries?: number;

  @ApiProperty({ required: false, description: 'Approximate size of cached values' })
  bytes?: number;

  @ApiProperty({ required: false })
  evictions?: number;

  @ApiProperty()
  hits!: number;

  @ApiProperty()
  misses!: number;

  @ApiProperty({ description: 'Answers served stale (while revalidating, or because Kroger could not be asked)' })
  staleServed!: number;

  @ApiProperty()
  inFlight!: number;
}

export class KrogerStatusDto {
  @ApiProperty({ type: KrogerEnvironmentDto })
  environment!: KrogerEnvironmentDto;

  @ApiProperty({ type: [BreakerDto] })
  breakers!: BreakerDto[];

  @ApiProperty({ type: [QuotaBudgetDto] })
  quotas!: QuotaBudgetDto[];

  @ApiProperty({ type: CacheStatsDto })
  cache!: CacheStatsDto;
}
