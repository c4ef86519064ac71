/** Who is signed in: asked of the server on load, set by the login page, cleared on sign-out. */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { api, ApiError, setCsrfToken } from "../api/client.js";
import type { Identity, User } from "../api/types.js";

interface Session {
  user: User | null;
  checking: boolean;
  signIn(username: string, password: string): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(null);
  const [checking, setChecking] = useState(true);

  useEffect(() => {
    let live = true;
    api
      .get<Identity>("/auth/me")
      .then((me) => {
        if (!live || !me.user) return;
        setCsrfToken(me.csrfToken);
        setUser(me.user);
      })
      .catch((error: unknown) => {
        if (!(error instanceof ApiError)) console.error(error);
      })
      .finally(() => live && setChecking(false));
    return () => {
      live = false;
    };
  }, []);

  const signIn = useCallback(async (username: string, password: string) => {
    const me = await api.post<Identity>("/auth/login", { username, password });
    setCsrfToken(me.csrfToken);
    setUser(me.user);
  }, []);

  const signOut = useCallback(async () => {
    try {
      await api.post("/auth/logout");
    } finally {
      setCsrfToken(null);
      setUser(null);
      window.history.pushState(null, "", "/");
    }
  }, []);

  const value = useMemo(() => ({ user, checking, signIn, signOut }), [user, checking, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const value = useContext(SessionContext);
  if (!value) throw new Error("useSession outside SessionProvider");
  return value;
}

/** The signed-in user; only for pages shown after sign-in. */
export function useUser(): User {
  const { user } = useSession();
  if (!user) throw new Error("useUser with nobody signed in");
  return user;
}
