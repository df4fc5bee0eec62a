import http from 'node:http';
import type { Express } from 'express';

// Express 5 gives each request and response its app's prototypes as it enters the app
// (`Object.setPrototypeOf(req, app.request)` in app.handle): Node made them plain
// IncomingMessage/ServerResponse, so every one changes its hidden class mid-life, and the property
// reads after the switch go through slower, polymorphic paths (bench:load). Here the app's
// prototypes are classes that Node builds the request and response from (appServer): Express's
// switch finds the prototype already there and leaves the object as it was made.

/** The classes Node makes the app's requests and responses with (http.createServer's options). */
type Shapes = Pick<http.ServerOptions, 'IncomingMessage' | 'ServerResponse'>;

const shapesOf = new WeakMap<Express, Shapes>();

/**
 * Makes the app's request and response prototypes those of two classes (AppRequest extends
 * IncomingMessage, AppResponse extends ServerResponse) whose prototypes inherit Express's methods,
 * getters and `app`, so that Express's own prototype switch changes nothing.
 * Behaves as before for a request made elsewhere (supertest's own server): Express switches its
 * prototype to the same objects it always had the methods of.
 */
export function shareShapes(app: Express): Shapes {
  const known = shapesOf.get(app);
  if (known) return known;
  class AppRequest extends http.IncomingMessage {}
  class AppResponse<R extends http.IncomingMessage = http.IncomingMessage> extends http.ServerResponse<R> {}
  // app.request is Object.create(express.request, { app }), and express.request is
  // Object.create(IncomingMessage.prototype): put the class's prototype in front of it, so that a
  // request made by the class finds Express's methods, `app`, and IncomingMessage's own, as before.
  Object.setPrototypeOf(AppRequest.prototype, app.request);
  Object.setPrototypeOf(AppResponse.prototype, app.response);
  app.request = AppRequest.prototype as unknown as Express['request'];
  app.response = AppResponse.prototype as unknown as Express['response'];
  const shapes: Shapes = { IncomingMessage: AppRequest, ServerResponse: AppResponse };
  shapesOf.set(app, shapes);
  return shapes;
}

/** The app's HTTP server, whose requests and responses are made with the app's prototypes from the start. */
export function appServer(app: Express): http.Server {
  return http.createServer(shareShapes(app), app);
}
