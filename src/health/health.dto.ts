import { ApiProperty } from '@nestjs/swagger';

export class LiveDto {
  @ApiProperty({ example: 'ok' })
  status!: 'ok';
}

export class KrogerEnvironmentDto {
  @ApiProperty({ enum: ['production', 'certification', 'sandbox'] })
  environment!: 'production' | 'certification' | 'sandbox';

  @ApiProperty({ enum: ['sandbox', 'real'], description: '`sandbox`: a local simulator, not Kroger' })
  mode!: 'sandbox' | 'real';

  @ApiProperty({ enum: ['public', 'partner'] })
  tier!: 'public' | 'partner';

  @ApiProperty({ example: 'https://api.kroger.com' })
  baseUrl!: string;

  @ApiProperty({ description: 'The sandbox runs inside this process' })
  embeddedSandbox!: boolean;
}

export class QuotaBudgetDto {
  @ApiProperty({
    example: 'products',
    description: 'Kroger endpoint (locations, chains and departments are counted apart)',
  })
  endpoint!: string;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 10000,
    description: 'Daily limit; null where Kroger sets none',
  })
  limit!: number | null;

  @ApiProperty({ example: 42 })
  used!: number;

  @ApiProperty({ type: Number, nullable: true, example: 9958 })
  remaining!: number | null;

  @ApiProperty({ type: String, nullable: true, format: 'date-time', description: 'End of the current 24-hour window' })
  windowEnd!: string | null;

  @ApiProperty({ type: String, nullable: true, format: 'date-time', description: 'Set after Kroger answered 429' })
  exhaustedUntil!: string | null;
}

export class ReadinessDto {
  @ApiProperty({ enum: ['ok', 'error', 'degraded'] })
  status!: string;

  @ApiProperty({ example: '0.1.0' })
  version!: string;

  @ApiProperty({ example: '24.21.0', description: 'The Node.js version the service runs on' })
  node!: string;

  @ApiProperty({ type: KrogerEnvironmentDto })
  kroger!: KrogerEnvironmentDto;

  @ApiProperty({ type: [QuotaBudgetDto], description: "Today's Kroger budgets, shared by all instances" })
  krogerQuotas!: QuotaBudgetDto[];

  @ApiProperty({
    description: 'One entry per check: `database`, `migrations`',
    example: { database: { status: 'up', kind: 'pglite' }, migrations: { status: 'up', applied: 1 } },
    type: 'object',
    additionalProperties: { type: 'object' },
  })
  checks!: Record<string, Record<string, unknown>>;
}
