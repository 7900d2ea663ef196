import { Module } from '@nestjs/common';
import { ChainsController, DepartmentsController, LocationsController } from './locations.controller';
import { LocationsService } from './locations.service';
import { PreferredLocationController } from './preferred-location.controller';
import { PreferredLocationRepository } from './preferred-location.repository';
import { PreferredLocationService } from './preferred-location.service';

/** Stores, chains, departments and the user's preferred store. */
@Module({
  controllers: [LocationsController, ChainsController, DepartmentsController, PreferredLocationController],
  providers: [LocationsService, PreferredLocationService, PreferredLocationRepository],
  exports: [LocationsService, PreferredLocationService],
})
export class LocationsModule {}
