import { applyDecorators, Header } from '@nestjs/common';

/**
 * Cache headers for GETs. Express adds a weak ETag to every JSON body and answers 304 to a
 * matching If-None-Match, so clients revalidate cheaply. `private` when the answer can depend on
 * who asks (a signed-in user's preferred store).
 */
export function CacheFor(seconds: number, scope: 'public' | 'private' = 'public') {
  return applyDecorators(Header('Cache-Control', `${scope}, max-age=${seconds}`), Header('Vary', 'Authorization'));
}
