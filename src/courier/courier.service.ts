import { Injectable } from '@nestjs/common';
import { NotFoundError } from '../common/errors/domain-error';
import { KrogerError } from '../kroger/kroger-error';
import { KrogerPartnerClient } from '../kroger/kroger-partner-client';
import { DeliveriesQuery, Delivery, DeliveryList } from './courier.contract';
import { pageLocally } from '../common/contract/pagination';

/**
 * Deliveries awaiting the courier partner's confirmation (Kroger's courier API, partner tier,
 * modeled shape). Kroger is called with this application's token (delivery.basic[:rw]): the
 * deliveries belong to the courier partner, not to a linked customer.
 */
@Injectable()
export class CourierService {
  constructor(private readonly partner: KrogerPartnerClient) {}

  /** Kroger answers with every delivery at once: paged here. */
  async list(query: DeliveriesQuery): Promise<DeliveryList> {
    const all: Delivery[] = (await this.partner.listDeliveries(query.followingAction)).map((d) => ({ ...d }));
    return pageLocally(all, query);
  }

  async confirm(deliveryId: string): Promise<Delivery> {
    try {
      return { ...(await this.partner.confirmDelivery(deliveryId)) };
    } catch (error) {
      if (error instanceof KrogerError && error.failure === 'not_found')
        throw new NotFoundError('Delivery', `Kroger has no delivery ${deliveryId}.`);
      throw error;
    }
  }
}
