-- Published versions are immutable: the database itself refuses to change or remove them,
-- whatever code (or person with a SQL prompt) tries.
CREATE FUNCTION refuse_published_version_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'published ruleset versions are immutable (ruleset %, version %)', OLD.ruleset_id, OLD.number
    USING ERRCODE = 'integrity_constraint_violation';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER ruleset_versions_immutable
  BEFORE UPDATE OR DELETE ON ruleset_versions
  FOR EACH ROW EXECUTE FUNCTION refuse_published_version_change();
--> statement-breakpoint
CREATE FUNCTION refuse_published_version_truncate() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'published ruleset versions are immutable (truncate refused)'
    USING ERRCODE = 'integrity_constraint_violation';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER ruleset_versions_no_truncate
  BEFORE TRUNCATE ON ruleset_versions
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_published_version_truncate();
