import { ApiProperty } from '@nestjs/swagger';

export class LiveDto {
  @ApiProperty({ example: 'ok' })
  status!: 'ok';
}

class KrogerEnvironmentDto {
  @ApiProperty({ enum: ['production', 'certification', 'sandbox'] })
  environment!: 'production' | 'certification' | 'sandbox';

  @ApiProperty({ enum: ['sandbox', 'real'], description: '`sandbox`: a local simulator, not Kroger' })
  mode!: 'sandbox' | 'real';

  @ApiProperty({ enum: ['public', 'partner'] })
  tier!: 'public' | 'partner';

  @ApiProperty({ type: String, nullable: true, example: 'https://api.kroger.com' })
  baseUrl!: string | null;
}

export class ReadinessDto {
  @ApiProperty({ enum: ['ok', 'error', 'degraded'] })
  status!: string;

  @ApiProperty({ example: '0.1.0' })
  version!: string;

  @ApiProperty({ type: KrogerEnvironmentDto })
  kroger!: KrogerEnvironmentDto;

  @ApiProperty({
    description: 'One entry per check: `database`, `migrations`',
    example: { database: { status: 'up', kind: 'pglite' }, migrations: { status: 'up', applied: 1 } },
    type: 'object',
    additionalProperties: { type: 'object' },
  })
  checks!: Record<string, Record<string, unknown>>;
}
