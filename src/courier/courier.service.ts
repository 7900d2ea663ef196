import { Injectable } from '@nestjs/common';
import { NotFoundError } from '../common/errors/domain-error';
import { KrogerError } from '../kroger/kroger-error';
import { KrogerPartnerClient } from '../kroger/kroger-partner-client';
import { Delivery, DeliveryList } from './courier.contract';

/**
 * Deliveries awaiting the courier partner's confirmation (Kroger's courier API, partner tier,
 * modeled shape). Kroger is called with this application's token (delivery.basic[:rw]): the
 * deliveries belong to the courier partner, not to a linked customer.
 */
@Injectable()
export class CourierService {
  constructor(private readonly partner: KrogerPartnerClient) {}

  async list(followingAction?: string): Promise<DeliveryList> {
    const data: Delivery[] = (await this.partner.listDeliveries(followingAction)).map((d) => ({ ...d }));
    return { data, pagination: { start: 0, limit: data.length, total: data.length } };
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
