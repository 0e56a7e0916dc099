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
   * Checked once the request's turn comes (after --rate and the 429 pace), and again after onTurn: a request
   * whose run has stopped meanwhile is not sent, and fails with the code NOT_SENT.
   */
  signal?: AbortSignal;
  /**
   * Called once the request's turn comes, right before it is sent (not if the run stopped first): what must be
   * recorded before a request goes out is recorded here, not before its wait, so that a process killed while
   * requests wait out --rate has not recorded as sent what never was. It may stop the run (a record it could not
   * write): the request is then not sent.
   */
  onTurn?: () => void;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON when the body was JSON, else the text (empty string for no body). */
  body: unknown;
}
