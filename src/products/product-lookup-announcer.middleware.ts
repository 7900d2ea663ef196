import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { KrogerClient } from '../kroger/kroger-client';

/**
 * Announces a by-id request to the product batcher as soon as it arrives, before authentication:
 * a list screen's 100 detail requests then share two Kroger calls even when the service is busy
 * and they reach the lookup seconds apart. Released at the lookup, or when the request ends without one.
 */
@Injectable()
export class ProductLookupAnnouncer implements NestMiddleware {
  constructor(private readonly kroger: KrogerClient) {}

  use(_req: Request, res: Response, next: NextFunction): void {
    this.kroger.announceProductLookup(next, (release) => res.once('close', release));
  }
}
