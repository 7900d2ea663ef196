import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { urlencoded } from 'express';
import { AuthorizationServerService } from './authorization-server.service';
import { ConnectController } from './connect.controller';
import { OAuthArtifactRepository } from './oauth-artifact.repository';
import { OAuthArtifactPurgeJob } from './oauth-artifact-purge.job';
import { OAuthServerController } from './oauth-server.controller';

/** The OAuth 2.1 authorization server of MCP clients ("Sign in with Kroger"), wired from McpModule. */
@Module({
  controllers: [OAuthServerController, ConnectController],
  providers: [OAuthArtifactRepository, AuthorizationServerService, OAuthArtifactPurgeJob],
  exports: [AuthorizationServerService],
})
export class AuthorizationModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // The consent form is a plain HTML form post (the only non-JSON body this service reads).
    consumer
      .apply(urlencoded({ extended: false, limit: '4kb', parameterLimit: 10 }))
      .forRoutes({ path: 'connect/:uid/consent', method: RequestMethod.POST });
  }
}
