import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class DayHoursDto {
  @ApiProperty({ example: '06:00' })
  open!: string;

  @ApiProperty({ example: '23:00' })
  close!: string;

  @ApiProperty()
  open24!: boolean;
}

export class WeekHoursDto {
  @ApiPropertyOptional({ type: DayHoursDto }) monday?: DayHoursDto;
  @ApiPropertyOptional({ type: DayHoursDto }) tuesday?: DayHoursDto;
  @ApiPropertyOptional({ type: DayHoursDto }) wednesday?: DayHoursDto;
  @ApiPropertyOptional({ type: DayHoursDto }) thursday?: DayHoursDto;
  @ApiPropertyOptional({ type: DayHoursDto }) friday?: DayHoursDto;
  @ApiPropertyOptional({ type: DayHoursDto }) saturday?: DayHoursDto;
  @ApiPropertyOptional({ type: DayHoursDto }) sunday?: DayHoursDto;
}

export class NextOpeningDto {
  @ApiProperty({ example: 'tuesday' })
  day!: string;

  @ApiProperty({ example: '06:00' })
  time!: string;
}

export class StoreHoursDto {
  @ApiProperty({ example: 'America/New_York' })
  timezone!: string;

  @ApiProperty({ description: 'Open all day, every day' })
  open24!: boolean;

  @ApiProperty({ type: WeekHoursDto })
  week!: WeekHoursDto;

  @ApiProperty({ description: 'Computed in the store time zone at the time of the response' })
  openNow!: boolean;

  @ApiProperty({ type: String, nullable: true, example: '23:00' })
  closesAt!: string | null;

  @ApiProperty({ type: NextOpeningDto, nullable: true })
  nextOpening!: NextOpeningDto | null;
}

export class StoreDepartmentDto {
  @ApiProperty({ example: '09' })
  departmentId!: string;

  @ApiProperty({ example: 'Pharmacy' })
  name!: string;

  @ApiPropertyOptional({ example: '5136745800' })
  phone?: string;

  @ApiPropertyOptional({ description: 'Off-site, e.g. a gas station across the lot' })
  offsite?: boolean;
}

export class StoreAddressDto {
  @ApiProperty({ example: '1212 W Kemper Rd' }) line1!: string;
  @ApiPropertyOptional() line2?: string;
  @ApiProperty({ example: 'Cincinnati' }) city!: string;
  @ApiProperty({ example: 'OH' }) state!: string;
  @ApiProperty({ example: '45240' }) zipCode!: string;
  @ApiPropertyOptional({ example: 'HAMILTON COUNTY' }) county?: string;
}

export class StoreDto {
  @ApiProperty({ example: '01400943' })
  locationId!: string;

  @ApiProperty({ example: 'KROGER' })
  chain!: string;

  @ApiProperty({ example: 'Kroger - Forest Park' })
  name!: string;

  @ApiPropertyOptional({ example: '5136745800' })
  phone?: string;

  @ApiProperty({ type: StoreAddressDto })
  address!: StoreAddressDto;

  @ApiPropertyOptional({ example: { latitude: 39.29, longitude: -84.525 } })
  coordinates?: { latitude: number; longitude: number };

  @ApiPropertyOptional({ example: 1.8, description: 'From the search origin' })
  distanceMiles?: number;

  @ApiPropertyOptional({ type: StoreHoursDto })
  hours?: StoreHoursDto;

  @ApiProperty({ type: [StoreDepartmentDto] })
  departments!: StoreDepartmentDto[];
}

export class StoreListDto {
  @ApiProperty({ type: [StoreDto] })
  data!: StoreDto[];
}

export class ChainDto {
  @ApiProperty({ example: 'KROGER' }) name!: string;
  @ApiProperty({ example: 'Kroger' }) displayName!: string;
  @ApiPropertyOptional({ example: 'kroger.com' }) domain?: string;
  @ApiProperty({ type: [String], example: ['014', '016'] }) divisionNumbers!: string[];
}

export class DepartmentDto {
  @ApiProperty({ example: '09' }) departmentId!: string;
  @ApiProperty({ example: 'Pharmacy' }) name!: string;
}

export class PreferredLocationDto {
  @ApiProperty({ example: '01400943' }) locationId!: string;
  @ApiProperty({ example: 'KROGER' }) chain!: string;
  @ApiProperty({ example: 'Kroger - Forest Park' }) name!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}
