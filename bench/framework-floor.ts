/**
 * The framework's floor: a NestJS hello world answering one GET route with a fixed JSON body, no
 * guards, no pipes, no logging. What NestJS itself costs on an adapter, for the ratios of bench:http.
 */
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';

export async function startFrameworkFloor(
  adapter: 'express' | 'fastify',
  path: string,
  body: unknown,
): Promise<{ url: string; close: () => Promise<void> }> {
  @Controller()
  class HelloController {
    @Get(path.split('?')[0])
    hello(): unknown {
      return body;
    }
  }
  @Module({ controllers: [HelloController] })
  class HelloModule {}

  const options = { logger: false as const };
  let app: INestApplication;
  if (adapter === 'express') {
    app = await NestFactory.create(HelloModule, options);
  } else {
    // A devDependency: the floor a migration to Fastify would start from.
    const { FastifyAdapter } = await import('@nestjs/platform-fastify');
    app = await NestFactory.create(HelloModule, new FastifyAdapter(), options);
  }
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => app.close() };
}
