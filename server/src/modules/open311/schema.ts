import { Type } from 'typebox';
import { DateTime, Id, Nullable, Obj, PageQuery, Text, Version } from '../../platform/schema.js';

/** GeoReport v2 documents (field names as the spec spells them) and the key administration API. */
const Str = Type.String();
const W3c = Nullable(Type.String({ description: 'W3C date-time with offset, e.g. 2026-12-01T09:30:00+08:00' }));

export const Errors = Type.Array(Obj({ code: Type.Integer(), description: Str }), { description: 'Open311 error format' });
export const XmlDoc = Type.String({ description: 'The same document as XML' });

export const Discovery = Obj({
  changeset: Str,
  contact: Str,
  key_service: Str,
  endpoints: Type.Array(Obj({ specification: Str, url: Str, changeset: Str, type: Str, formats: Type.Array(Str) })),
});

export const Service = Obj({
  service_code: Str,
  service_name: Str,
  description: Str,
  metadata: Type.Boolean(),
  type: Type.Union([Type.Literal('realtime'), Type.Literal('batch'), Type.Literal('blackbox')]),
  keywords: Str,
  group: Str,
});

export const ServiceDefinition = Obj({
  service_code: Str,
  attributes: Type.Array(
    Obj({
      variable: Type.Boolean(),
      code: Str,
      datatype: Str,
      required: Type.Boolean(),
      datatype_description: Str,
      order: Type.Integer(),
      description: Str,
      values: Type.Array(Obj({ key: Str, name: Str })),
    }),
  ),
});

export const JurisdictionQuery = Obj({ jurisdiction_id: Type.Optional(Type.String({ maxLength: 100 })) });
export const ServiceParams = Obj({ service_code: Type.String({ maxLength: 40 }) });
export const RequestParams = Obj({ service_request_id: Type.String({ maxLength: 40 }) });
export const TokenParams = Obj({ token: Type.String({ maxLength: 64 }) });

const AttributeValue = Type.Union([Type.String({ maxLength: 200 }), Type.Array(Type.String({ maxLength: 200 }), { maxItems: 20 })]);

/** Form-encoded or JSON; `attribute[code]` fields carry the service definition's attributes. */
export const PostRequestBody = Type.Object(
  {
    api_key: Type.Optional(Type.String({ maxLength: 100 })),
    jurisdiction_id: Type.Optional(Type.String({ maxLength: 100 })),
    service_code: Type.String({ minLength: 1, maxLength: 40 }),
    lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
    long: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
    address_string: Type.Optional(Type.String({ maxLength: 200 })),
    address_id: Type.Optional(Type.String({ maxLength: 40 })),
    email: Type.Optional(Type.String({ maxLength: 200, format: 'email' })),
    device_id: Type.Optional(Type.String({ maxLength: 100 })),
    account_id: Type.Optional(Type.String({ maxLength: 100 })),
    first_name: Type.Optional(Type.String({ maxLength: 25 })),
    last_name: Type.Optional(Type.String({ maxLength: 25 })),
    phone: Type.Optional(Type.String({ maxLength: 20 })),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    media_url: Type.Optional(Type.String({ maxLength: 500, pattern: '^https?://[^\\s]+$', description: 'http(s) URL of a photo' })),
    attribute: Type.Optional(Type.Record(Type.String({ maxLength: 40 }), AttributeValue)),
  },
  { additionalProperties: false, patternProperties: { '^attribute\\[[^\\]]{1,40}\\](\\[\\])?$': AttributeValue } },
);

export const PostResult = Type.Array(
  Obj({ service_request_id: Str, token: Str, service_notice: Str, account_id: Nullable(Str) }),
);

export const RequestsQuery = Obj({
  jurisdiction_id: Type.Optional(Type.String({ maxLength: 100 })),
  service_request_id: Type.Optional(Type.String({ maxLength: 2000, description: 'Comma-separated ids; the other filters are then ignored' })),
  service_code: Type.Optional(Type.String({ maxLength: 500, description: 'Comma-separated service codes' })),
  start_date: Type.Optional(DateTime),
  end_date: Type.Optional(DateTime),
  status: Type.Optional(Type.String({ pattern: '^(open|closed)(,(open|closed))?$', description: 'open, closed or both, comma-separated' })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1, description: 'Extension: 1-based page' })),
  page_size: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100, description: 'Extension: requests per page (spec default cap 1000)' })),
});

export const ServiceRequest = Obj({
  service_request_id: Str,
  status: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
  status_notes: Nullable(Str),
  service_name: Str,
  service_code: Str,
  description: Str,
  agency_responsible: Str,
  service_notice: Str,
  requested_datetime: W3c,
  updated_datetime: W3c,
  expected_datetime: W3c,
  address: Nullable(Str),
  address_id: Nullable(Str),
  zipcode: Nullable(Str),
  lat: Nullable(Type.Number()),
  long: Nullable(Type.Number()),
  media_url: Nullable(Str),
});

export const TokenResult = Type.Array(Obj({ service_request_id: Str, token: Str }));

// Key administration (/api/v1/open311-keys).
export const ApiKey = Obj({
  id: Type.Integer(),
  name: Str,
  keyPrefix: Type.String({ description: 'The first characters of the key, to tell keys apart' }),
  territoryId: Type.Integer(),
  territoryName: Str,
  territoryLevel: Str,
  enabled: Type.Boolean(),
  ratePerMinute: Type.Integer(),
  lastUsedAt: Nullable(DateTime),
  createdAt: DateTime,
  version: Type.Integer(),
});
export const CreatedApiKey = Obj({ ...ApiKey.properties, key: Type.String({ description: 'The key itself; shown this once, never again' }) });
export const ApiKeyQuery = Obj({ ...PageQuery, keyword: Type.Optional(Type.String({ maxLength: 50 })), enabled: Type.Optional(Type.Boolean()) });
const RatePerMinute = Type.Integer({ minimum: 1, maximum: 6000, description: 'POSTs allowed per minute' });
export const CreateApiKeyBody = Obj({ name: Text(100), territoryId: Id, ratePerMinute: Type.Optional(RatePerMinute) });
export const UpdateApiKeyBody = Obj({
  name: Type.Optional(Text(100)),
  enabled: Type.Optional(Type.Boolean()),
  ratePerMinute: Type.Optional(RatePerMinute),
  version: Version,
});
