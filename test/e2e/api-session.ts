/** A signed-in API session for test setup and for checks through the API, as another system would call it. */
export class ApiSession {
  private cookie = "";
  private csrf = "";

  constructor(private readonly baseUrl: string) {}

  static async signIn(baseUrl: string, username: string, password: string): Promise<ApiSession> {
    const session = new ApiSession(baseUrl);
    const response = await fetch(`${baseUrl}/api/auth/login`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ username, password }) });
    if (!response.ok) throw new Error(`sign-in of ${username} failed: ${response.status} ${await response.text()}`);
    session.cookie = (response.headers.get("set-cookie") ?? "").split(";")[0];
    session.csrf = ((await response.json()) as { csrfToken: string }).csrfToken;
    return session;
  }

  async call<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const response = await fetch(`${this.baseUrl}/api${path}`, {
      method,
      headers: { Cookie: this.cookie, "X-CSRF-Token": this.csrf, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
  }
}
