import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';

export class ListAuditEventsQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50, description: 'Events per page' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1, { message: 'limit must be at least 1' })
  @Max(200, { message: 'limit must be at most 200' })
  limit: number = 50;

  @ApiPropertyOptional({ example: 'link.created', description: 'Only events of this type' })
  @IsOptional()
  @Matches(/^[a-z_]+(\.[a-z_]+)+$/, { message: 'type must look like link.created' })
  type?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only events about this user' })
  @IsOptional()
  @IsUUID('all', { message: 'userId must be a UUID' })
  userId?: string;

  @ApiPropertyOptional({ example: '1042', description: 'Cursor: only events older than this id' })
  @IsOptional()
  @Matches(/^\d{1,18}$/, { message: 'before must be an event id' })
  before?: string;
}
