import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from "aws-lambda";
import { createJwtVerifier } from "./shared/auth";
import { lazyHandler, OrdersDeps } from "./shared/deps";

/**
 * The WebSocket $connect REQUEST authorizer (WebSocket APIs have no JWT authorizer): verifies the JWT from
 * the `token` query parameter (browsers cannot set headers on a WebSocket). A bad token throws
 * "Unauthorized", which API Gateway answers with 401.
 */
export const makeWsAuthorizerHandler = (deps: OrdersDeps) => {
  const { settings } = deps;
  const verify =
    settings.allowAnonymous && !settings.jwksUri
      ? undefined
      : createJwtVerifier({ issuer: settings.jwtIssuer, audience: settings.jwtAudience, jwksUri: settings.jwksUri });
  return async (event: APIGatewayRequestAuthorizerEvent): Promise<APIGatewayAuthorizerResult> => {
    const token = event.queryStringParameters?.token;
    let sub: string;
    if (!token && settings.allowAnonymous) sub = "anonymous";
    else {
      try {
        if (!token || !verify) throw new Error("no token");
        sub = (await verify(token)).sub;
      } catch (error) {
        deps.logger.info("WebSocket connection refused", { reason: (error as Error).message });
        throw new Error("Unauthorized", { cause: error });
      }
    }
    return {
      principalId: sub,
      policyDocument: { Version: "2012-10-17", Statement: [{ Action: "execute-api:Invoke", Effect: "Allow", Resource: event.methodArn }] },
      context: { sub },
    };
  };
};

export const handler = lazyHandler("ws-authorizer", makeWsAuthorizerHandler);
