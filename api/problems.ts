/**
 * Errors answered as application/problem+json (RFC 9457). Every refusal the API gives is one of these:
 * a stable `type`, a bilingual title, the HTTP status, and optional extension members.
 */
export interface ProblemExtensions {
  detail?: string;
  errors?: FieldError[];
  [member: string]: unknown;
}

export interface FieldError {
  field: string;
  message: string;
}

const TYPE_BASE = 'https://credit.example.invalid/problems/';

const catalogue = {
  'invalid-request': { status: 400, title: '请求格式错误 / Malformed request' },
  'validation-failed': { status: 422, title: '输入不符合要求 / Invalid input' },
  unauthenticated: { status: 401, title: '未登录或凭证无效 / Missing or invalid credentials' },
  forbidden: { status: 403, title: '无权执行此操作 / Not allowed for your role' },
  'not-found': { status: 404, title: '未找到 / Not found' },
  'action-not-allowed': { status: 409, title: '当前状态不允许此操作 / Action not allowed in this state' },
  conflict: { status: 409, title: '与现有数据冲突 / Conflicts with existing data' },
  'body-too-deep': { status: 422, title: '请求体嵌套过深 / Request body nested too deeply' },
  'payload-too-large': { status: 413, title: '请求体过大 / Request body too large' },
  'unsupported-media-type': { status: 415, title: '不支持的内容类型 / Unsupported content type' },
  'request-timeout': { status: 408, title: '请求超时 / Request timeout' },
  'headers-too-large': { status: 431, title: '请求头过大 / Request headers too large' },
  'method-not-allowed': { status: 405, title: '不支持此方法 / Method not allowed' },
  'too-many-requests': { status: 429, title: '请求过于频繁 / Too many requests' },
  internal: { status: 500, title: '服务器内部错误 / Internal error' },
  unavailable: { status: 503, title: '服务暂不可用 / Service unavailable' },
} as const;

export type ProblemType = keyof typeof catalogue;

export class Problem extends Error {
  readonly status: number;
  readonly title: string;
  constructor(
    readonly problemType: ProblemType,
    readonly extensions: ProblemExtensions = {},
  ) {
    super(extensions.detail ?? catalogue[problemType].title);
    this.status = catalogue[problemType].status;
    this.title = catalogue[problemType].title;
  }

  toJSON(instance?: string): Record<string, unknown> {
    return {
      type: TYPE_BASE + this.problemType,
      title: this.title,
      status: this.status,
      ...(instance ? { instance } : {}),
      ...this.extensions,
    };
  }
}

export const notFound = (what: string) => new Problem('not-found', { detail: `${what} not found` });
export const forbidden = (detail: string) => new Problem('forbidden', { detail });
export const validationFailed = (errors: FieldError[], detail = 'The request has invalid fields') =>
  new Problem('validation-failed', { detail, errors });
