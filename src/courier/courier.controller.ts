import { Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Returns } from '../common/contract/returns.decorator';
import { ProblemResponses } from '../common/errors/problem-responses';
import { CourierKeyGuard } from './courier-key.guard';
import { DeliveriesQuery, Delivery, DeliveryId, DeliveryList } from './courier.contract';
import { CourierService } from './courier.service';

@ApiTags('courier')
@ApiSecurity('courier-key')
@UseGuards(CourierKeyGuard)
@Controller('api/v1/courier/deliveries')
export class CourierController {
  constructor(private readonly courier: CourierService) {}

  @Get()
  @ApiOperation({ summary: 'Deliveries waiting for the courier partner (partner tier, courier key)' })
  @Returns(200, DeliveryList)
  @ProblemResponses(400, 401, 403, 501, 502, 503)
  listDeliveries(@Query({ schema: DeliveriesQuery }) query: DeliveriesQuery): Promise<DeliveryList> {
    return this.courier.list(query);
  }

  @Post(':deliveryId/confirm')
  @HttpCode(200)
  @ApiOperation({ summary: "Confirm a delivery's next step: pickup, then drop-off (partner tier, courier key)" })
  @Returns(200, Delivery)
  @ProblemResponses(400, 401, 403, 404, 409, 501, 502, 503)
  confirmDelivery(@Param('deliveryId', { schema: DeliveryId }) deliveryId: string): Promise<Delivery> {
    return this.courier.confirm(deliveryId);
  }
}
