/**
 * One ruleset as the workspace sees it: its info, version history, the published source and
 * the draft being edited, with saving under optimistic concurrency. A save that meets someone
 * else's newer revision never overwrites it: it becomes a conflict for the user to merge.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { api, ApiError, rulesetPath } from "../api/client.js";
import type { Draft, DraftConflict, RulesetInfo, SavedDraft, VersionSummary, VersionWithSource } from "../api/types.js";

export interface Conflict {
  theirs: string;
  revision: number;
  updatedBy: string | null;
  mine: string;
}

export interface RulesetState {
  info: RulesetInfo | null;
  versions: VersionSummary[];
  publishedSource: string | null;
  /** The draft as last loaded or saved; revision 0 when no draft is open (saving starts one). */
  base: Draft | null;
  /** The text in the editor now. */
  text: string;
  dirty: boolean;
  saving: boolean;
  conflict: Conflict | null;
  error: string | null;
  loading: boolean;
}

export function useRuleset(businessUnit: string, name: string) {
  const path = rulesetPath(businessUnit, name);
  const [state, setState] = useState<RulesetState>({
    info: null,
    versions: [],
    publishedSource: null,
    base: null,
    text: "",
    dirty: false,
    saving: false,
    conflict: null,
    error: null,
    loading: true,
  });
  const stateRef = useRef(state);
  stateRef.current = state;

  const reload = useCallback(async () => {
    try {
      const [info, versions] = await Promise.all([api.get<RulesetInfo>(path), api.get<VersionSummary[]>(`${path}/versions`)]);
      const published = info.publishedVersion === null ? null : await api.get<VersionWithSource>(`${path}/versions/${info.publishedVersion}`);
      let draft: Draft | null = null;
      try {
        draft = await api.get<Draft>(`${path}/draft`);
      } catch (error) {
        if (!(error instanceof ApiError && error.status === 404)) throw error;
      }
      const base: Draft = draft ?? { source: published?.source ?? "", revision: 0, updatedBy: null, updatedAt: null, baseVersion: info.publishedVersion };
      setState((s) => ({ ...s, info, versions, publishedSource: published?.source ?? null, base, text: base.source, dirty: false, error: null, loading: false, conflict: null }));
      return base;
    } catch (error) {
      setState((s) => ({ ...s, error: (error as Error).message, loading: false }));
      return null;
    }
  }, [path]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const setText = useCallback((text: string) => {
    setState((s) => ({ ...s, text, dirty: s.base !== null && text !== s.base.source }));
  }, []);

  const saveAt = useCallback(
    async (source: string, revision: number): Promise<boolean> => {
      setState((s) => ({ ...s, saving: true, error: null }));
      try {
        const saved = await api.put<SavedDraft>(`${path}/draft`, { source, revision });
        setState((s) => ({
          ...s,
          saving: false,
          conflict: null,
          base: { source, revision: saved.revision, updatedBy: saved.updatedBy ?? null, updatedAt: saved.updatedAt ?? null, baseVersion: s.base?.baseVersion ?? null },
          dirty: s.text !== source,
          info: s.info ? { ...s.info, hasDraft: true, draft: { revision: saved.revision, updatedBy: saved.updatedBy ?? "", updatedAt: saved.updatedAt ?? "", baseVersion: s.base?.baseVersion ?? null } } : s.info,
        }));
        return true;
      } catch (error) {
        if (error instanceof ApiError && error.status === 409) {
          const details = error.details as unknown as DraftConflict;
          setState((s) => ({
            ...s,
            saving: false,
            conflict: { theirs: details.source ?? "", revision: details.currentRevision, updatedBy: details.updatedBy, mine: source },
          }));
          return false;
        }
        setState((s) => ({ ...s, saving: false, error: (error as Error).message }));
        return false;
      }
    },
    [path],
  );

  const save = useCallback(() => {
    const s = stateRef.current;
    if (!s.base || s.saving) return Promise.resolve(false);
    return saveAt(s.text, s.base.revision);
  }, [saveAt]);

  /** Saves the merged text over the revision the other person saved. */
  const saveMerged = useCallback(
    (merged: string) => {
      const c = stateRef.current.conflict;
      if (!c) return Promise.resolve(false);
      setState((s) => ({ ...s, text: merged }));
      return saveAt(merged, c.revision);
    },
    [saveAt],
  );

  /** Drops the local edits in favour of the other person's revision. */
  const takeTheirs = useCallback(() => {
    setState((s) => {
      if (!s.conflict) return s;
      const base: Draft = { source: s.conflict.theirs, revision: s.conflict.revision, updatedBy: s.conflict.updatedBy, updatedAt: null, baseVersion: s.base?.baseVersion ?? null };
      return { ...s, base, text: base.source, dirty: false, conflict: null };
    });
  }, []);

  const dismissConflict = useCallback(() => setState((s) => ({ ...s, conflict: null })), []);

  return { state, path, reload, setText, save, saveMerged, takeTheirs, dismissConflict };
}
