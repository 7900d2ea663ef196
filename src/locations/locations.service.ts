import { Injectable } from '@nestjs/common';
import { Page, pageLocally } from '../common/contract/pagination';
import { DomainError, NotFoundError } from '../common/errors/domain-error';
import { KrogerClient } from '../kroger/kroger-client';
import { KrogerChain, KrogerDepartment, KrogerLocation } from '../kroger/kroger-types';
import { locationNotFound, notAStore, startingPointRequired } from './location-errors';
import { Chain, Department, hasStartingPoint, Store, StoreSearchInput } from './locations.contract';
import { PreferredLocationRepository } from './preferred-location.repository';
import { isRetailStore } from './retail-store';
import { openStatus } from './store-hours';

const KROGER_MAX_LOCATIONS = 200;

/** A store search, and where it started when the caller named no place. */
export interface StoreSearchResult {
  stores: Store[];
  /** Set when the search started at the user's preferred store, for lack of a ZIP code or coordinates. */
  nearPreferredStore?: { locationId: string; name: string };
}

/** Stores, chains and departments, the same for REST and MCP. */
@Injectable()
export class LocationsService {
  constructor(
    private readonly kroger: KrogerClient,
    private readonly preferred: PreferredLocationRepository,
  ) {}

  /**
   * Retail stores near a starting point, nearest first, one page of them. Kroger has no offset
   * for locations: the 200 nearest are asked for every page (one cached answer serves them all),
   * so `total` counts the retail stores among them.
   */
  async findStores(query: StoreSearchInput): Promise<Page<Store>> {
    if (!hasStartingPoint(query)) throw startingPointRequired();
    const starts = [query.zipCode, query.latLong, query.lat ?? query.lon].filter((v) => v !== undefined).length;
    if (starts > 1) {
      throw new DomainError(
        'request.validation_failed',
        400,
        'Invalid request',
        'Use one starting point: zipCode, latLong, or lat with lon.',
        {
          errors: [
            {
              field: 'zipCode',
              rule: 'oneStartingPoint',
              message: 'send only one of zipCode, latLong, or lat and lon',
            },
          ],
        },
      );
    }
    const latLong =
      query.latLong?.replace(/\s+/g, '') ??
      (query.lat !== undefined && query.lon !== undefined ? `${query.lat},${query.lon}` : undefined);
    const locations = await this.kroger.searchLocations({
      zipCode: query.zipCode,
      latLong,
      radiusInMiles: query.radiusInMiles,
      limit: KROGER_MAX_LOCATIONS,
      chain: query.chain,
      department: query.department,
      locationIds: query.locationId?.split(','),
    });
    const origin = latLong ? parseLatLong(latLong) : undefined;
    const page = pageLocally(locations.filter(isRetailStore), query, 10);
    return { ...page, data: page.data.map((store) => toStore(store, origin)) };
  }

  /**
   * For assistants: without a ZIP code or coordinates, search around the user's preferred store
   * (and say so); with neither, refuse rather than return arbitrary stores.
   */
  async findStoresNear(query: StoreSearchInput, userId: string | undefined): Promise<StoreSearchResult> {
    if (hasStartingPoint(query)) return { stores: (await this.findStores(query)).data };
    const preferredId = userId ? await this.preferred.findLocationIdByUserId(userId) : undefined;
    const home = preferredId ? await this.kroger.getLocation(preferredId) : undefined;
    if (!home?.geolocation) throw startingPointRequired();
    const { latitude, longitude } = home.geolocation;
    return {
      stores: (await this.findStores({ ...query, latLong: `${latitude},${longitude}` })).data,
      nearPreferredStore: { locationId: home.locationId, name: home.name },
    };
  }

  /** A location by id, retail or not (`retail` tells which); 404 location.not_found when unknown. */
  getStore(locationId: string): Promise<Store> {
    return this.storeOrError(locationId, 404);
  }

  /**
   * Checks a store id a caller named for something else (prices, a preferred store): 422
   * location.not_found when Kroger has no such location. Cached for hours when known and for
   * minutes when not, and charged like any Kroger call, so unknown ids cannot be sent for free.
   */
  async requireStore(locationId: string): Promise<void> {
    // Existence only: this runs before every priced search, so no Store (hours, open now) is built.
    if (!(await this.kroger.getLocation(locationId))) throw locationNotFound(locationId, 422);
  }

  /** As requireStore, and refuses non-retail locations (422 location.not_a_store). */
  async requireRetailStore(locationId: string): Promise<Store> {
    const store = await this.storeOrError(locationId, 422);
    if (!store.retail) throw notAStore(locationId, store.name);
    return store;
  }

  private async storeOrError(locationId: string, status: 404 | 422): Promise<Store> {
    const store = await this.kroger.getLocation(locationId);
    if (!store) throw locationNotFound(locationId, status);
    return toStore(store);
  }

  storeExists(locationId: string): Promise<boolean> {
    return this.kroger.locationExists(locationId);
  }

  async listChains(): Promise<Chain[]> {
    return (await this.kroger.listChains()).map(toChain);
  }

  async getChain(name: string): Promise<Chain> {
    const chain = await this.kroger.getChain(name);
    if (!chain) throw new NotFoundError('Chain', `No chain is named ${name}.`);
    return toChain(chain);
  }

  /** The chain's web domain, for links to product pages on the right banner's site. */
  async domainOfStore(locationId: string | undefined): Promise<string> {
    if (!locationId) return 'www.kroger.com';
    const store = await this.kroger.getLocation(locationId).catch(() => undefined);
    const chain = store ? await this.kroger.getChain(store.chain).catch(() => undefined) : undefined;
    return chain?.domain ? `www.${chain.domain.replace(/^www\./, '')}` : 'www.kroger.com';
  }

  async listDepartments(): Promise<Department[]> {
    return (await this.kroger.listDepartments()).map(toDepartment);
  }

  async getDepartment(departmentId: string): Promise<Department> {
    const department = await this.kroger.getDepartment(departmentId.toUpperCase());
    if (!department) throw new NotFoundError('Department', `No department has id ${departmentId}.`);
    return toDepartment(department);
  }
}

function parseLatLong(value: string): { latitude: number; longitude: number } {
  const [latitude, longitude] = value.split(',').map(Number);
  return { latitude, longitude };
}

function miles(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  const rad = Math.PI / 180;
  const h =
    Math.sin(((b.latitude - a.latitude) * rad) / 2) ** 2 +
    Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(((b.longitude - a.longitude) * rad) / 2) ** 2;
  return Math.round(3958.8 * 2 * Math.asin(Math.sqrt(h)) * 10) / 10;
}

export function toStore(
  store: KrogerLocation,
  origin?: { latitude: number; longitude: number },
  now = new Date(),
): Store {
  const status = openStatus(store.hours, now);
  return {
    locationId: store.locationId,
    chain: store.chain,
    name: store.name,
    retail: isRetailStore(store),
    phone: store.phone || undefined,
    address: {
      line1: store.address.addressLine1,
      line2: store.address.addressLine2,
      city: store.address.city,
      state: store.address.state,
      zipCode: store.address.zipCode,
      county: store.address.county,
    },
    coordinates: store.geolocation,
    distanceMiles: origin && store.geolocation ? miles(origin, store.geolocation) : undefined,
    hours:
      store.hours?.timezone && status
        ? {
            timezone: store.hours.timezone,
            open24: store.hours.open24,
            week: store.hours.days,
            openNow: status.openNow,
            closesAt: status.closesAt,
            nextOpening: status.nextOpening,
          }
        : undefined,
    departments: store.departments.map((d) => ({
      departmentId: d.departmentId,
      name: d.name,
      phone: d.phone,
      offsite: d.offsite,
    })),
  };
}

function toChain(chain: KrogerChain): Chain {
  return {
    name: chain.name,
    displayName: chain.friendlyBannerName ?? chain.name,
    domain: chain.domain,
    divisionNumbers: chain.divisionNumbers,
  };
}

function toDepartment(department: KrogerDepartment): Department {
  return { departmentId: department.departmentId, name: department.name };
}
