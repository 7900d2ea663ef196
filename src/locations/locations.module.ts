import { Module } from '@nestjs/common';
import { ChainsController, DepartmentsController, LocationsController } from './locations.controller';
import { LocationCompletionsService } from './location-completions.service';
import { LocationsService } from './locations.service';
import { LocationsTools } from './locations.tools';
import { PreferredLocationController } from './preferred-location.controller';
import { PreferredLocationRepository } from './preferred-location.repository';
import { PreferredLocationService } from './preferred-location.service';

/** Stores, chains, departments and the user's preferred store (REST and MCP). */
@Module({
  controllers: [LocationsController, ChainsController, DepartmentsController, PreferredLocationController],
  providers: [
    LocationsService,
    PreferredLocationService,
    PreferredLocationRepository,
    LocationsTools,
    LocationCompletionsService,
  ],
  exports: [LocationsService, PreferredLocationService, LocationCompletionsService],
})
export class LocationsModule {}
