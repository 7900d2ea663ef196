import { ApiProperty } from '@nestjs/swagger';

export class AuditEventDto {
  @ApiProperty({ example: '1042' })
  id!: string;

  @ApiProperty({ example: 'link.created' })
  type!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  userId!: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true, example: { scopes: ['profile.compact'] } })
  detail!: Record<string, unknown>;

  @ApiProperty({ type: String, nullable: true })
  requestId!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}

export class AuditEventPageDto {
  @ApiProperty({ type: [AuditEventDto] })
  data!: AuditEventDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `before` for the next page; null on the last page',
  })
  nextBefore!: string | null;
}
