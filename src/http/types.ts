/** The wire shapes shared by targets (pure) and the HTTP client (I/O). */

export interface HttpRequest {
  method: 'GET' | 'POST';
  /** Path below the base URL, starting with `/` (the base URL's own path, if any, is prefixed by the client). */
  path: string;
  query?: Record<string, string>;
  headers: Record<string, string>;
  /** Serialised as JSON by the client. */
  body?: unknown;
  /**
   * Checked once the request's turn comes (after --rate and the 429 pace): a request whose run has stopped
   * meanwhile is not sent, and fails with the code NOT_SENT.
   */
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON when the body was JSON, else the text (empty string for no body). */
  body: unknown;
}
