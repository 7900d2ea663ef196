import { Injectable } from '@nestjs/common';
import { LocationsService } from './locations.service';

const ZIP = /^\d{5}$/;

/**
 * Completion candidates for MCP prompt and resource-template arguments, from the lists the gateway
 * already caches (chains, departments, stores near a ZIP code), so completing is free after the
 * first time. Store ids have no global list: typing a ZIP code (or having one in the other
 * arguments) offers the stores near it.
 */
@Injectable()
export class LocationCompletionsService {
  constructor(private readonly locations: LocationsService) {}

  async storeIds(typed: string, context: Record<string, string> = {}): Promise<string[]> {
    const zip = ZIP.test(typed) ? typed : ZIP.test(context.zipCode ?? '') ? context.zipCode : undefined;
    if (!zip) return [];
    const stores = await this.locations.findStores({ zipCode: zip, limit: 25 });
    const ids = stores.data.map((store) => store.locationId);
    return zip === typed ? ids : ids.filter((id) => id.startsWith(typed));
  }

  async chains(typed: string): Promise<string[]> {
    const prefix = typed.toUpperCase();
    return (await this.locations.listChains()).map((chain) => chain.name).filter((name) => name.startsWith(prefix));
  }

  async departmentIds(typed: string): Promise<string[]> {
    const prefix = typed.toLowerCase();
    return (await this.locations.listDepartments())
      .filter((d) => d.departmentId.toLowerCase().startsWith(prefix) || d.name.toLowerCase().startsWith(prefix))
      .map((d) => d.departmentId);
  }
}
