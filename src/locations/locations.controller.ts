import { Controller, Get, Head, HttpCode, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CacheFor } from '../common/cache-control';
import { pageLocally } from '../common/contract/pagination';
import { Returns } from '../common/contract/returns.decorator';
import { LocationId } from '../common/contract/values';
import { ProblemResponses } from '../common/errors/problem-responses';
import {
  Chain,
  ChainList,
  ChainName,
  Department,
  DepartmentId,
  DepartmentList,
  FindStoresQuery,
  ListQuery,
  Store,
  StoreList,
} from './locations.contract';
import { ExpensiveRoute } from '../common/throttling/expensive-route.decorator';
import { LocationsService } from './locations.service';

@ApiTags('locations')
@Controller('api/v1/locations')
export class LocationsController {
  constructor(private readonly locations: LocationsService) {}

  @Get()
  @ExpensiveRoute()
  @CacheFor(300)
  @ApiOperation({
    summary: 'Find stores near a ZIP code or coordinates, nearest first, with hours and "open now"',
    description:
      'One starting point is required (zipCode, latLong, or lat with lon) or the stores named by locationId: without one the answer is 400 with rule ' +
      '`anyOf`. Only retail stores are returned; non-retail locations (fulfilment sheds: no departments) are left out.',
  })
  @Returns(200, StoreList, { cached: true })
  @ProblemResponses(400, 503)
  findStores(@Query({ schema: FindStoresQuery }) query: FindStoresQuery): Promise<StoreList> {
    return this.locations.findStores(query);
  }

  @Head(':locationId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Whether a store exists (204 or 404)' })
  @Returns(204)
  @ProblemResponses(400, 404, 503)
  async storeExists(@Param('locationId', { schema: LocationId }) locationId: string): Promise<void> {
    if (!(await this.locations.storeExists(locationId))) throw new NotFoundException();
  }

  @Get(':locationId')
  @CacheFor(300)
  @ApiOperation({
    summary: 'One store',
    description:
      'Any Kroger location, non-retail ones included (`retail: false`); an unknown id is 404 location.not_found.',
  })
  @Returns(200, Store, { cached: true })
  @ProblemResponses(400, 404, 503)
  getStore(@Param('locationId', { schema: LocationId }) locationId: string): Promise<Store> {
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
  @Returns(200, ChainList, { cached: true })
  @ProblemResponses(503)
  async listChains(@Query({ schema: ListQuery }) query: ListQuery): Promise<ChainList> {
    return pageLocally(await this.locations.listChains(), query);
  }

  // Explicit, so HEAD is in the OpenAPI document; answered from the same cached read as GET.
  @Head(':name')
  @HttpCode(204)
  @ApiOperation({ summary: 'Whether a chain exists (204 or 404)' })
  @Returns(204)
  @ProblemResponses(400, 404, 503)
  async chainExists(@Param('name', { schema: ChainName }) name: string): Promise<void> {
    await this.locations.getChain(name);
  }

  @Get(':name')
  @CacheFor(3600)
  @ApiOperation({ summary: 'One chain by name, any case' })
  @Returns(200, Chain, { cached: true })
  @ProblemResponses(400, 404, 503)
  getChain(@Param('name', { schema: ChainName }) name: string): Promise<Chain> {
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
  @Returns(200, DepartmentList, { cached: true })
  @ProblemResponses(503)
  async listDepartments(@Query({ schema: ListQuery }) query: ListQuery): Promise<DepartmentList> {
    return pageLocally(await this.locations.listDepartments(), query);
  }

  @Head(':departmentId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Whether a department exists (204 or 404)' })
  @Returns(204)
  @ProblemResponses(400, 404, 503)
  async departmentExists(@Param('departmentId', { schema: DepartmentId }) departmentId: string): Promise<void> {
    await this.locations.getDepartment(departmentId);
  }

  @Get(':departmentId')
  @CacheFor(3600)
  @ApiOperation({ summary: 'One department by id' })
  @Returns(200, Department, { cached: true })
  @ProblemResponses(400, 404, 503)
  getDepartment(@Param('departmentId', { schema: DepartmentId }) departmentId: string): Promise<Department> {
    return this.locations.getDepartment(departmentId);
  }
}
