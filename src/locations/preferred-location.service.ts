import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { PreferredLocation } from './locations.contract';
import { LocationsService } from './locations.service';
import { PreferredLocationRepository, PreferredLocationRow } from './preferred-location.repository';

/** The store a user shops at, checked against Kroger, kept in our database. */
@Injectable()
export class PreferredLocationService {
  constructor(
    private readonly preferred: PreferredLocationRepository,
    private readonly locations: LocationsService,
    private readonly audit: AuditService,
  ) {}

  async get(userId: string): Promise<PreferredLocation | undefined> {
    const row = await this.preferred.findByUserId(userId);
    return row ? toDto(row) : undefined;
  }

  async locationIdOf(userId: string | undefined): Promise<string | undefined> {
    return userId ? this.preferred.findLocationIdByUserId(userId) : undefined;
  }

  async set(userId: string, locationId: string): Promise<PreferredLocation> {
    const store = await this.locations.requireRetailStore(locationId);
    const row = await this.preferred.save(userId, { locationId, chain: store.chain, name: store.name });
    await this.audit.record('preferred_location.set', { userId, detail: { locationId } });
    return toDto(row);
  }

  async clear(userId: string): Promise<void> {
    await this.preferred.deleteByUserId(userId);
  }
}

function toDto(row: PreferredLocationRow): PreferredLocation {
  return { locationId: row.locationId, chain: row.chain, name: row.name, updatedAt: row.updatedAt.toISOString() };
}
