/**
 * The OpenAPI document against the contract: every Business API route is in it, under its path
 * and method, with exactly the schemas the server validates with (body, query, path parameters)
 * and the answer the routes' schema describes.
 */
import { describe, expect, it } from 'vitest';
import { businessApiRoutes, businessApiScopes, type Route } from '@souk/sync';
import { jsonSchemaOf, openApiDocument, openApiPath } from './openapi.ts';

const doc = openApiDocument('https://souk.example.com');
const routes = Object.entries(businessApiRoutes) as Array<[keyof typeof businessApiRoutes, Route]>;

interface Operation {
  operationId: string;
  'x-scope': string;
  parameters: Array<{ name: string; in: string; required: boolean; schema: unknown }>;
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { content: Record<string, { schema: unknown }> }>;
}
const operationOf = (route: Route) =>
  (doc.paths[openApiPath(route.path)] as Record<string, Operation> | undefined)?.[
    route.method.toLowerCase()
  ];

describe('the OpenAPI document', () => {
  it('has exactly the Business API routes of the contract', () => {
    const documented = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const described = routes.map(([, r]) => `${r.method} ${openApiPath(r.path)}`);
    expect(documented.sort()).toEqual(described.sort());
    expect(doc.servers[0]!.url).toBe('https://souk.example.com/api/v1');
  });

  it.each(routes)('describes %s with the schemas the server validates with', (name, route) => {
    const operation = operationOf(route)!;
    expect(operation.operationId).toBe(name);
    expect(operation['x-scope']).toBe(businessApiScopes[name]);
    const body = operation.requestBody?.content['application/json']?.schema;
    expect(body).toEqual(route.body ? jsonSchemaOf(route.body, 'input') : undefined);
    const answer = operation.responses[String(route.status ?? 200)];
    expect(answer?.content['application/json']?.schema).toEqual(
      jsonSchemaOf(route.response, 'output'),
    );
    const query = operation.parameters.filter((p) => p.in === 'query');
    const properties =
      (route.query &&
        (jsonSchemaOf(route.query, 'input') as { properties: Record<string, unknown> })
          .properties) ??
      {};
    expect(Object.fromEntries(query.map((p) => [p.name, p.schema]))).toEqual(properties);
    const inPath = operation.parameters.filter((p) => p.in === 'path').map((p) => p.name);
    expect(inPath).toEqual([...route.path.matchAll(/:(\w+)/g)].map(([, param]) => param));
  });

  it('documents the key’s refusals on every route', () => {
    for (const [, route] of routes)
      expect(Object.keys(operationOf(route)!.responses)).toEqual(
        expect.arrayContaining(['401', '403', '429']),
      );
  });
});
