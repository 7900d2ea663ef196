import { Controller, Get, Head, HttpCode, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CacheFor } from '../common/cache-control';
import { ProblemResponses } from '../common/errors/problem-responses';
import { ValidationError } from '../common/errors/domain-error';
import { ChainDto, DepartmentDto, StoreDto, StoreListDto } from './dto/store.dto';
import { FindStoresQuery, LOCATION_ID, LOCATION_ID_MESSAGE } from './dto/location-queries';
import { LocationsService } from './locations.service';

function checkLocationId(locationId: string): void {
  if (!LOCATION_ID.test(locationId))
    throw new ValidationError([{ field: 'locationId', rule: 'matches', message: LOCATION_ID_MESSAGE }]);
}

@ApiTags('locations')
@Controller('api/v1/locations')
export class LocationsController {
  constructor(private readonly locations: LocationsService) {}

  @Get()
  @CacheFor(300)
  @ApiOperation({ summary: 'Find stores near a ZIP code or coordinates, nearest first, with hours and "open now"' })
  @ApiOkResponse({ type: StoreListDto })
  @ProblemResponses(400, 503)
  async findStores(@Query() query: FindStoresQuery): Promise<StoreListDto> {
    return { data: await this.locations.findStores(query) };
  }

  @Head(':locationId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Whether a store exists (204 or 404)' })
  @ApiParam({ name: 'locationId', example: '01400943' })
  @ApiNoContentResponse()
  @ProblemResponses(400, 404)
  async storeExists(@Param('locationId') locationId: string): Promise<void> {
    checkLocationId(locationId);
    if (!(await this.locations.storeExists(locationId))) throw new NotFoundException();
  }

  @Get(':locationId')
  @CacheFor(300)
  @ApiOperation({ summary: 'One store' })
  @ApiParam({ name: 'locationId', example: '01400943' })
  @ApiOkResponse({ type: StoreDto })
  @ProblemResponses(400, 404, 503)
  getStore(@Param('locationId') locationId: string): Promise<StoreDto> {
    checkLocationId(locationId);
    return this.locations.getStore(locationId);
  }
}

@ApiTags('locations')
@Controller('api/v1/chains')
export class ChainsController {
  constructor(private readonly locations: LocationsService) {}

  @Get()
  @CacheFor(3600)
  @ApiOperation({ summary: "Kroger's chains (banners)" })
  @ApiOkResponse({ type: [ChainDto] })
  listChains(): Promise<ChainDto[]> {
    return this.locations.listChains();
  }

  @Get(':name')
  @CacheFor(3600)
  @ApiOperation({ summary: 'One chain by name, any case' })
  @ApiParam({ name: 'name', example: 'KROGER' })
  @ApiOkResponse({ type: ChainDto })
  @ProblemResponses(404)
  getChain(@Param('name') name: string): Promise<ChainDto> {
    return this.locations.getChain(name);
  }
}

@ApiTags('locations')
@Controller('api/v1/departments')
export class DepartmentsController {
  constructor(private readonly locations: LocationsService) {}

  @Get()
  @CacheFor(3600)
  @ApiOperation({ summary: 'Store departments (pharmacy, deli, pickup, ...)' })
  @ApiOkResponse({ type: [DepartmentDto] })
  listDepartments(): Promise<DepartmentDto[]> {
    return this.locations.listDepartments();
  }

  @Get(':departmentId')
  @CacheFor(3600)
  @ApiOperation({ summary: 'One department by id' })
  @ApiParam({ name: 'departmentId', example: '09' })
  @ApiOkResponse({ type: DepartmentDto })
  @ProblemResponses(400, 404)
  getDepartment(@Param('departmentId') departmentId: string): Promise<DepartmentDto> {
    if (!/^[A-Za-z0-9]{2}$/.test(departmentId)) {
      throw new ValidationError([
        { field: 'departmentId', rule: 'matches', message: 'departmentId must be two letters or digits, e.g. 09' },
      ]);
    }
    return this.locations.getDepartment(departmentId);
  }
}
