"""The hub's database roles and row-level security (issue 19 point 2; docs/hub.md
section "Roles and policies").

On a workstation the program alone decides what an officer sees. On a hub an officer
also holds database credentials of his own and could use psql, so the database itself
admits only rows at or below his clearance and inside his modules:

- Four NOLOGIN group roles per hub, `<prefix>_officer`, `_sysadmin`, `_secadmin`,
  `_auditor` (the prefix comes from the database's name at `hub init`, so two hubs on one
  server do not collide), with the grants of 三员分立. Every account of the hub gets a LOGIN
  role of its own in its group (`enrol`).
- `hub_roles` maps each LOGIN role to its account (users.id). The clearance and the
  modules an account's role is admitted to are read from `users` through that map by
  two SECURITY DEFINER functions keyed on `session_user`, so they move in the same
  transaction as the account (nothing to keep in step) and no role can name another's.
  A trigger on `users` lets only the security administrator's role (or, while the hub
  has none, the system administrator's) change a clearance, a module scope or a role.
- ROW LEVEL SECURITY, forced (the owner included), on cases and every table hanging
  from a case or carrying a classification: `content_conditions` derives each table's
  policy from its columns as the database has them, so a table a later migration adds
  gets its policy when `refresh` runs after that migration.
- The audit trail is append-only for everyone, owner included: triggers refuse UPDATE,
  DELETE and TRUNCATE, and an insert must continue the chain (next seq, prev_hash = the
  head's hash); the program still computes each hash in the writing transaction. The
  database records which role inserted each event (`hub_audit_origin`, the auditor's).

Everything here is idempotent: `install` runs at `hub init` and again after a migration
(a new table gets its grants and policy). What it keeps right is kept cheaply: the 案号
register is rebuilt only when missing or out of count (or when asked).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, text
from sqlalchemy.orm import Session

from bjstc_desktop.core.errors import PermissionDeniedError, RefusedError

GROUPS = ("officer", "sysadmin", "secadmin", "auditor")
# Tables whose `level` is a key's level, not a row's classification.
KEY_TABLES = frozenset({"level_keys", "level_grants"})
# Tables outside the ORM (the search index: store/searchindex.py) and the condition that admits a row.
EXTRA_CONTENT = {"case_search": "EXISTS (SELECT 1 FROM search_docs AS d WHERE d.doc_id = case_search.doc_id)"}
# The hub's blobs (store/hubblobs.py): read only through a row naming the blob, added by
# officers, changed by nobody (their own grants and policies: _blob_chunks).
BLOB_TABLE = "hub_blob_chunks"
BLOB_NAMERS = (("attachments", ("blob_name",)), ("letters", ("blob_name", "ofd_blob_name")),
               ("sync_blobs", ("blob_name",)))
# Tables only the program's bookkeeping uses, which carry no case content (read by every group).
_ADMIN_TABLES = frozenset({"users", "settings", "node_identity", "level_keys", "level_grants", "alembic_version",
                           "audit_events", "hub_roles", "hub_audit_origin", "sync_peers", "hub_files",
                           "hub_files_history", "hub_content_sealed", "hub_case_numbers"})
_USER_COLUMNS_AN_OFFICER_WRITES = ("slot_id", "must_change_passphrase", "kex_public", "updated_at")
_MAX_ROLE = 63  # PostgreSQL's identifier limit in bytes
ALL_MODULES = "*"
OWNER_CLEARANCE = 9  # what bjstc_clearance() says for the owner: above every level

CLEARANCE = "(SELECT bjstc_clearance())"
MODULES = "(SELECT bjstc_modules())::text[]"


def in_scope(level_column: str, module_column: str | None, table: str) -> str:
    """The SQL condition admitting a row of `table` by its level and module columns. The
    scope functions are wrapped in scalar subqueries so they run once per statement."""
    cond = f"{table}.{level_column} <= {CLEARANCE}"
    if module_column:
        # A module code (a case), "" (a shared record: every duty) or a shared record's
        # scope ",programs,industry," (store/repositories/scope.py), as the program's rule.
        m = f"{table}.{module_column}"
        cond += (f" AND ({m} = ANY({MODULES}) OR {m} = '' OR '{ALL_MODULES}' = ANY({MODULES})"
                 f" OR ({m} LIKE ',%' AND EXISTS (SELECT 1 FROM unnest({MODULES}) AS s(code)"
                 f" WHERE {m} LIKE '%,' || s.code || ',%')))")
    return cond


def schema_columns(conn: Connection) -> dict[str, set[str]]:
    """Every table of the hub's schema with its column names (the tables of the models,
    the search index and whatever a later migration added)."""
    out: dict[str, set[str]] = {}
    for table, column in conn.execute(text(
            "SELECT c.table_name, c.column_name FROM information_schema.columns AS c "
            "JOIN information_schema.tables AS t ON t.table_schema = c.table_schema AND t.table_name = c.table_name "
            "WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'")):
        out.setdefault(str(table), set()).add(str(column))
    return out


def content_conditions(tables: dict[str, set[str]]) -> dict[str, str]:
    """Every table whose rows belong to a case or carry a classification, with the
    condition (USING and WITH CHECK) that admits a row to the connected role."""
    out: dict[str, str] = {}
    for name, cols in sorted(tables.items()):
        if name in KEY_TABLES or name in ("hub_roles", BLOB_TABLE) or name in EXTRA_CONTENT:
            continue
        parts: list[str] = []
        if "classification" in cols:
            # a case's module, or a shared register's scope (experts.modules, integrity_records.scope)
            scope = next((c for c in ("module", "modules", "scope") if c in cols), None)
            parts.append(in_scope("classification", scope, name))
        if "level" in cols:
            parts.append(in_scope("level", None, name))
        if "from_level" in cols:
            parts.append(f"GREATEST({name}.from_level, {name}.to_level) <= {CLEARANCE}")
        if "case_id" in cols:
            parts.append(f"({name}.case_id IS NULL OR EXISTS (SELECT 1 FROM cases AS c WHERE c.id = {name}.case_id))")
        if "record_id" in cols and "classification" not in cols:
            # A sync row of a record: admitted when some revision of that record is (the
            # revisions carry the record's classification and module).
            parts.append(f"EXISTS (SELECT 1 FROM sync_revisions AS r WHERE r.record_id = {name}.record_id)")
        if parts:
            out[name] = " AND ".join(parts)
    out.update({t: cond for t, cond in EXTRA_CONTENT.items() if t in tables})
    return out


def hub_prefix(database: str) -> str:
    """The prefix of this hub's role names, from its database's name."""
    tag = re.sub(r"[^a-z0-9_]", "_", database.lower())[:24]
    return f"bjstc_{tag}"


def account_role(prefix: str, name: str, user_id: str) -> str:
    """The LOGIN role of the account `name`: `<prefix>_<name>` for a plain ASCII name
    that is not a group's, else `<prefix>_u<the last 16 hex digits of its id>` (the
    random part of a UUIDv7: an identifier the officer can type into ~/.pgpass)."""
    if re.fullmatch(r"[a-z][a-z0-9_]*", name) and name not in GROUPS and not re.fullmatch(r"u[0-9a-f]{16}", name) \
            and len(prefix) + 1 + len(name) <= _MAX_ROLE:
        return f"{prefix}_{name}"
    return f"{prefix}_u{user_id.replace('-', '')[-16:]}"


def definer_path(schema: str) -> str:
    """The search path every SECURITY DEFINER function of the hub is created with. Such a
    function runs as the owner inside an officer's session, and PostgreSQL searches the
    session's temporary schema first unless the path names it: an officer's temporary
    table `audit_events`, granted to PUBLIC, would otherwise be the chain head the audit
    link checks against (tests/hub/test_temp_shadowing.py). Named last, it is never
    searched before the hub's own tables (and no role of the hub may make one: install)."""
    return f"SET search_path = pg_catalog, {q(schema)}, pg_temp"


def q(ident: str) -> str:
    """A quoted SQL identifier."""
    return '"' + ident.replace('"', '""') + '"'


def group_role(prefix: str, group: str) -> str:
    """The NOLOGIN group role `group` of the hub with `prefix`."""
    return f"{prefix}_{group}"


@dataclass(frozen=True)
class Enrolment:
    """An account's database role: created now, or the SQL the database administrator
    must run (the hub's owner role may not create roles)."""

    role: str
    created: bool
    sql: str


def prefix_of(conn: Connection) -> str:
    """The role prefix recorded at `hub init`."""
    row = conn.execute(text("SELECT role_name FROM hub_roles WHERE kind = 'group:officer'")).first()
    if row is None:
        raise RefusedError("集中库尚未设置数据库角色。", "The hub has no database roles yet.")
    return str(row[0])[: -len("_officer")]


def install(conn: Connection, *, reconcile_numbers: bool = False) -> str:
    """Create or refresh the roles, grants, policies and audit guards (the owner's
    connection, in its transaction). `reconcile_numbers`: put the 案号 register right
    against every case even when its count matches (`_numbers_register`). Returns the
    role prefix."""
    conn.execute(text("CREATE TABLE IF NOT EXISTS hub_roles (role_name text PRIMARY KEY, kind text NOT NULL, "
                      "user_id varchar(36) UNIQUE REFERENCES users(id) DEFERRABLE INITIALLY IMMEDIATE)"))
    row = conn.execute(text("SELECT role_name FROM hub_roles WHERE kind = 'group:officer'")).first()
    prefix = str(row[0])[: -len("_officer")] if row else hub_prefix(str(conn.execute(text("SELECT current_database()"))
                                                                         .scalar()))
    owner = str(conn.execute(text("SELECT current_user")).scalar())
    conn.execute(text("INSERT INTO hub_roles (role_name, kind) VALUES (:r, 'owner') ON CONFLICT DO NOTHING"),
                 {"r": owner})
    missing = [group_role(prefix, g) for g in GROUPS
               if conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": group_role(prefix, g)}).first()
               is None]
    if missing and not may_create_roles(conn):
        sql = " ".join(f"CREATE ROLE {q(r)} NOLOGIN NOINHERIT;" for r in missing)
        raise PermissionDeniedError(
            f"集中库的属主角色不能创建数据库角色。请数据库管理员先执行：{sql}"
            "（或授予属主 CREATEROLE），然后重新运行 bjstc hub init。",
            f"The hub's owner role cannot create database roles. Ask the database administrator to run {sql} "
            "(or to grant the owner CREATEROLE), then run `bjstc hub init` again.")
    for role in missing:
        conn.execute(text(f"CREATE ROLE {q(role)} NOLOGIN NOINHERIT"))
    for group in GROUPS:
        conn.execute(text("INSERT INTO hub_roles (role_name, kind) VALUES (:r, :k) ON CONFLICT DO NOTHING"),
                     {"r": group_role(prefix, group), "k": f"group:{group}"})
    schema = str(conn.execute(text("SELECT current_schema()")).scalar())
    # No role of the hub makes temporary objects: nothing of the program needs them, and
    # they are how a session shadows the hub's tables (definer_path). Only the
    # database's owner can revoke this: a hub owner who is not (a DBA made the database)
    # gets PostgreSQL's warning, and the search paths remain the wall.
    conn.execute(text(f"REVOKE TEMPORARY ON DATABASE {q(str(conn.execute(text('SELECT current_database()')).scalar()))} "
                      "FROM PUBLIC"))
    _functions(conn, prefix, schema)
    _audit_guards(conn, schema)
    _hub_files_guard(conn, prefix, schema)
    _sealed_flag(conn, schema)
    _numbers_register(conn, schema, reconcile_numbers)
    tables = schema_columns(conn)
    content = content_conditions(tables)
    _grants(conn, prefix, schema, sorted(tables), content)
    _policies(conn, content)
    if BLOB_TABLE in tables:
        _blob_chunks(conn, prefix)
        _blob_claims(conn, prefix, schema)
    return prefix


def blob_readable() -> str:
    """The condition admitting a chunk of `hub_blob_chunks`: some row naming its blob is
    visible to the connected role (each naming table's own policy decides that: its
    level, module and case), so a blob is read exactly where its key is."""
    return " OR ".join(f"EXISTS (SELECT 1 FROM {table} AS n WHERE "
                       + " OR ".join(f"n.{c} = {BLOB_TABLE}.name" for c in columns) + ")"
                       for table, columns in BLOB_NAMERS)


def _blob_chunks(conn: Connection, prefix: str) -> None:
    """The blobs' chunks: officers (whose operations write blobs) SELECT the chunks of a
    blob some visible row names, and INSERT (a blob is written before the row naming it
    exists, in the same transaction, so an insert cannot be checked against it; a chunk
    no row names is read by nobody). No role but the owner UPDATEs or DELETEs a chunk:
    the program never changes a blob (a blob that did not commit went with its
    rollback). The administrators (三员) may not touch case content: no privilege. The
    owner: everything (adoption of a node folder's blobs, repairs)."""
    officer = q(group_role(prefix, "officer"))
    conn.execute(text(f"GRANT SELECT, INSERT ON {BLOB_TABLE} TO {officer}"))
    conn.execute(text(f"ALTER TABLE {BLOB_TABLE} ENABLE ROW LEVEL SECURITY"))
    conn.execute(text(f"ALTER TABLE {BLOB_TABLE} FORCE ROW LEVEL SECURITY"))
    # The owner by current_user, not session_user: so also inside the owner's SECURITY
    # DEFINER functions (bjstc_blob_foreign must see every chunk, whoever calls it).
    me = str(conn.execute(text("SELECT current_user")).scalar()).replace("'", "''")
    owner = f"current_user = '{me}'"
    for name, rule in (("bjstc_blob_read", f"FOR SELECT USING ({owner} OR {blob_readable()})"),
                       ("bjstc_blob_add", "FOR INSERT WITH CHECK (true)"),
                       ("bjstc_blob_owner", f"FOR ALL USING ({owner}) WITH CHECK ({owner})")):
        conn.execute(text(f"DROP POLICY IF EXISTS {name} ON {BLOB_TABLE}"))
        conn.execute(text(f"CREATE POLICY {name} ON {BLOB_TABLE} {rule}"))


def _blob_claims(conn: Connection, prefix: str, schema: str) -> None:
    """A row may name only a blob written in its own transaction or one its role can
    already read (through another row it sees). Without this an officer who learnt a
    blob's name (a node-folder blob adopted but not yet renamed by the owner keeps its
    keyed name, which anyone holding the data key computes from a content he guesses)
    could name it from a case of his own and so pass the chunks' read policy.
    `bjstc_blob_foreign` (the owner's, so it sees every chunk) says whether chunks of that
    name were written by another transaction; the trigger itself runs as the writer, so
    its look at the chunks is filtered by his read policy."""
    path = definer_path(schema)
    conn.execute(text(f"""
        CREATE OR REPLACE FUNCTION bjstc_blob_foreign(p_name text) RETURNS boolean LANGUAGE sql STABLE
        SECURITY DEFINER {path} AS $$
          SELECT EXISTS (SELECT 1 FROM {BLOB_TABLE} WHERE name = p_name AND written_in <> txid_current())
        $$"""))
    _install_trigger(conn, "bjstc_blob_claim", f"""
        DECLARE
          new_doc jsonb := to_jsonb(NEW);
          old_doc jsonb := CASE WHEN TG_OP = 'UPDATE' THEN to_jsonb(OLD) ELSE '{{}}'::jsonb END;
          col text;
          n text;
        BEGIN
          FOREACH col IN ARRAY ARRAY['blob_name', 'ofd_blob_name'] LOOP
            n := new_doc->>col;
            CONTINUE WHEN n IS NULL OR n IS NOT DISTINCT FROM old_doc->>col;
            IF bjstc_blob_foreign(n) AND NOT EXISTS (SELECT 1 FROM {BLOB_TABLE} AS b WHERE b.name = n) THEN
              RAISE EXCEPTION 'bjstc: % may not name a blob it cannot read', session_user USING ERRCODE = '42501';
            END IF;
          END LOOP;
          RETURN NEW;
        END""",
                     *((f"trg_{table}_blob_claim", table, f"BEFORE INSERT OR UPDATE OF {', '.join(columns)}",
                        "FOR EACH ROW") for table, columns in BLOB_NAMERS),
                     path=path, definer=False)
    groups = ", ".join(q(group_role(prefix, g)) for g in GROUPS)
    conn.execute(text("REVOKE ALL ON FUNCTION bjstc_blob_foreign(text) FROM PUBLIC"))
    conn.execute(text(f"GRANT EXECUTE ON FUNCTION bjstc_blob_foreign(text), bjstc_blob_claim() TO {groups}"))


def _install_trigger(conn: Connection, function: str, body: str, *triggers: tuple[str, str, str, str],
                     path: str | None = None, definer: bool = True) -> None:
    """One trigger function of the hub and the triggers that run it, made again (install
    is idempotent): `function`() in PL/pgSQL with `body` (DECLARE or BEGIN … END), SECURITY
    DEFINER (it runs as the owner inside the writer's session) unless `definer` is False,
    with the search path `path` (`definer_path`: pg_temp last) when given; EXECUTE revoked
    from PUBLIC; then each trigger (name, table, "BEFORE|AFTER events", "[REFERENCING …]
    FOR EACH … [WHEN (…)]") dropped and created on `function`."""
    security = " SECURITY DEFINER" if definer else ""
    setting = f" {path}" if path else ""
    conn.execute(text(f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql{security}{setting} "
                      f"AS $$\n{body}\n$$"))
    conn.execute(text(f"REVOKE ALL ON FUNCTION {function}() FROM PUBLIC"))
    for name, table, events, rows in triggers:
        conn.execute(text(f"DROP TRIGGER IF EXISTS {name} ON {q(table)}"))
        conn.execute(text(f"CREATE TRIGGER {name} {events} ON {q(table)} {rows} EXECUTE FUNCTION {function}()"))


def may_create_roles(conn: Connection) -> bool:
    """Whether the connected role may create roles (CREATEROLE; a superuser)."""
    return bool(conn.execute(text("SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = current_user"))
                .scalar())


def _functions(conn: Connection, prefix: str, schema: str) -> None:
    path = definer_path(schema)
    # The scope of the session's login role: its account's clearance and modules while
    # the account is active, everything for the owner, nothing for any other role.
    conn.execute(text(f"""
        CREATE OR REPLACE FUNCTION bjstc_clearance() RETURNS bigint LANGUAGE sql STABLE SECURITY DEFINER {path} AS $$
          SELECT COALESCE((SELECT CASE WHEN r.kind = 'owner' THEN {OWNER_CLEARANCE} WHEN u.active THEN u.clearance ELSE -1 END
                           FROM hub_roles AS r LEFT JOIN users AS u ON u.id = r.user_id
                           WHERE r.role_name = session_user), -1)
        $$"""))
    conn.execute(text(f"""
        CREATE OR REPLACE FUNCTION bjstc_modules() RETURNS text[] LANGUAGE sql STABLE SECURITY DEFINER {path} AS $$
          SELECT COALESCE((SELECT CASE WHEN r.kind = 'owner' THEN ARRAY['{ALL_MODULES}']
                                       WHEN u.active THEN string_to_array(u.modules, ',') ELSE ARRAY[]::text[] END
                           FROM hub_roles AS r LEFT JOIN users AS u ON u.id = r.user_id
                           WHERE r.role_name = session_user), ARRAY[]::text[])
        $$"""))
    sec, sys_ = group_role(prefix, "secadmin"), group_role(prefix, "sysadmin")
    officer = group_role(prefix, "officer")
    # Who may change a clearance, a module scope or a role (三员分立, as ops/accounts.py
    # checks it in the program): the security administrator; the system administrator
    # only while the hub has none; the owner (hub init, migrations).
    _install_trigger(conn, "bjstc_users_guard", f"""
        DECLARE
          me text := (SELECT kind FROM hub_roles WHERE role_name = session_user);
          is_sec boolean := pg_has_role(session_user, '{sec}', 'MEMBER');
          is_sys boolean := pg_has_role(session_user, '{sys_}', 'MEMBER');
          no_sec boolean := NOT EXISTS (SELECT 1 FROM users WHERE role = 'secadmin');
        BEGIN
          IF me = 'owner' THEN RETURN NEW; END IF;
          IF TG_OP = 'UPDATE' AND NEW.role IS DISTINCT FROM OLD.role THEN
            RAISE EXCEPTION 'bjstc: an account''s role cannot change' USING ERRCODE = '42501';
          END IF;
          -- an officer's key-slot columns are his own account's, never another's
          IF TG_OP = 'UPDATE' AND NOT (is_sec OR is_sys)
             AND OLD.id IS DISTINCT FROM (SELECT user_id FROM hub_roles WHERE role_name = session_user) THEN
            RAISE EXCEPTION 'bjstc: an officer changes only his own account' USING ERRCODE = '42501';
          END IF;
          IF (TG_OP = 'INSERT' AND (NEW.clearance <> 0 OR NEW.modules <> ''))
             OR (TG_OP = 'UPDATE' AND (NEW.clearance, NEW.modules) IS DISTINCT FROM (OLD.clearance, OLD.modules)) THEN
            IF NOT (is_sec OR (is_sys AND no_sec)) THEN
              RAISE EXCEPTION 'bjstc: only the security administrator sets clearances' USING ERRCODE = '42501';
            END IF;
          END IF;
          IF TG_OP = 'INSERT' AND NEW.role IN ('sysadmin', 'secadmin', 'auditor') AND NOT is_sys THEN
            RAISE EXCEPTION 'bjstc: only the system administrator adds accounts' USING ERRCODE = '42501';
          END IF;
          RETURN NEW;
        END""",
                     ("trg_users_guard", "users", "BEFORE INSERT OR UPDATE", "FOR EACH ROW"),
                     path=path)
    # Sealing level keys to someone is the key custodian's, i.e. the security
    # administrator's, or the system administrator's while the hub has none
    # (store/grants.py); removing a grant (a passphrase reset does) raises nobody.
    _install_trigger(conn, "bjstc_custodian_guard", f"""
        BEGIN
          IF (SELECT kind FROM hub_roles WHERE role_name = session_user) = 'owner'
             OR pg_has_role(session_user, '{sec}', 'MEMBER')
             OR (TG_OP = 'DELETE' AND pg_has_role(session_user, '{sys_}', 'MEMBER'))
             OR (pg_has_role(session_user, '{sys_}', 'MEMBER') AND NOT EXISTS (SELECT 1 FROM users WHERE role = 'secadmin'))
             OR (TG_OP IN ('UPDATE', 'DELETE') AND pg_has_role(session_user, '{officer}', 'MEMBER'))
          THEN
            RETURN NULL;
          END IF;
          RAISE EXCEPTION 'bjstc: only the key custodian grants level keys' USING ERRCODE = '42501';
        END""",
                     ("trg_level_grants_guard", "level_grants", "BEFORE INSERT OR UPDATE OR DELETE",
                      "FOR EACH STATEMENT"),
                     path=path)
    # An officer changing his own passphrase gets a new key-agreement key: he seals again
    # to it the levels he already holds (with the keys he holds) and drops the rest
    # (ops/accounts.py _set_slot). Only his own rows, never another level: re-sealing what
    # one holds raises nobody; a new level (INSERT) stays the custodian's.
    _install_trigger(conn, "bjstc_own_grant_guard", f"""
        BEGIN
          IF (SELECT kind FROM hub_roles WHERE role_name = session_user) = 'owner'
             OR pg_has_role(session_user, '{sec}', 'MEMBER') OR pg_has_role(session_user, '{sys_}', 'MEMBER')
             OR (OLD.user_id = (SELECT user_id FROM hub_roles WHERE role_name = session_user)
                 AND (TG_OP = 'DELETE' OR (NEW.user_id, NEW.level) = (OLD.user_id, OLD.level)))
          THEN
            RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
          END IF;
          RAISE EXCEPTION 'bjstc: an officer changes only his own level grants' USING ERRCODE = '42501';
        END""",
                     ("trg_level_grants_own", "level_grants", "BEFORE UPDATE OR DELETE", "FOR EACH ROW"),
                     path=path)
    # The case tallies are kept by a trigger in the writer's transaction; it runs as the
    # owner so the tally of a (module, level) the writer cannot see stays right.
    conn.execute(text(f"ALTER FUNCTION bjstc_cases_tally() SECURITY DEFINER {path}"))
    # An account's own LOGIN role, created in its group by the owner (who holds
    # CREATEROLE: the system administrator's role does not, so it cannot make itself
    # a member of anything); once per account; the name is this hub's.
    conn.execute(text(f"""
        CREATE OR REPLACE FUNCTION bjstc_enrol(p_user varchar, p_role text) RETURNS boolean LANGUAGE plpgsql
        SECURITY DEFINER {path} AS $$
        DECLARE
          acct record;
          grp text;
          can boolean := (SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = current_user);
        BEGIN
          IF session_user <> current_user AND NOT pg_has_role(session_user, '{sys_}', 'MEMBER') THEN
            RAISE EXCEPTION 'bjstc: only the system administrator enrols accounts' USING ERRCODE = '42501';
          END IF;
          SELECT id, role INTO acct FROM users WHERE id = p_user;
          IF NOT FOUND THEN RAISE EXCEPTION 'bjstc: no such account' USING ERRCODE = '22023'; END IF;
          IF left(p_role, {len(prefix) + 1}) <> '{prefix}_' OR EXISTS (SELECT 1 FROM hub_roles WHERE user_id = p_user
                                                                          OR role_name = p_role) THEN
            RAISE EXCEPTION 'bjstc: role already taken' USING ERRCODE = '42710';
          END IF;
          SELECT role_name INTO grp FROM hub_roles
            WHERE kind = 'group:' || CASE acct.role WHEN 'approver' THEN 'officer' ELSE acct.role END;
          INSERT INTO hub_roles (role_name, kind, user_id) VALUES (p_role, 'account', p_user);
          IF NOT can THEN RETURN false; END IF;
          IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_role) THEN
            EXECUTE format('CREATE ROLE %I LOGIN INHERIT', p_role);
          END IF;
          EXECUTE format('GRANT %I TO %I', grp, p_role);
          RETURN true;
        END $$"""))
    groups = ", ".join(q(group_role(prefix, g)) for g in GROUPS)
    for fn in ("bjstc_clearance()", "bjstc_modules()", "bjstc_enrol(varchar, text)", "bjstc_cases_tally()"):
        conn.execute(text(f"REVOKE ALL ON FUNCTION {fn} FROM PUBLIC"))
    conn.execute(text(f"GRANT EXECUTE ON FUNCTION bjstc_clearance(), bjstc_modules() TO {groups}"))
    conn.execute(text(f"GRANT EXECUTE ON FUNCTION bjstc_enrol(varchar, text) TO {q(sys_)}"))


def _grants(conn: Connection, prefix: str, schema: str, tables: list[str], content: dict[str, str]) -> None:
    g = {name: q(group_role(prefix, name)) for name in GROUPS}
    everyone = ", ".join(g.values())
    conn.execute(text(f"REVOKE ALL ON SCHEMA {q(schema)} FROM PUBLIC"))
    conn.execute(text(f"GRANT USAGE ON SCHEMA {q(schema)} TO {everyone}"))
    for t in tables:
        conn.execute(text(f"REVOKE ALL ON {q(t)} FROM PUBLIC, {everyone}"))
    conn.execute(text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {q(schema)} TO {g['officer']}"))
    # Every group: the bookkeeping the program reads at unlock and close, and the audit
    # trail to append to (never UPDATE or DELETE: see _audit_guards).
    for t in ("users", "settings", "node_identity", "level_keys", "level_grants", "alembic_version", "sync_peers"):
        conn.execute(text(f"GRANT SELECT ON {q(t)} TO {everyone}"))
    # The chain's links only (never what the events say: only the auditor reads the trail).
    conn.execute(text(f"GRANT SELECT (seq, prev_hash, hash), INSERT ON audit_events TO {everyone}"))
    conn.execute(text(f"GRANT SELECT ON audit_events TO {g['auditor']}"))
    # Officers and approvers: casework on every table but the administrators' (their
    # rows filtered by the policies); of their own account only the key slot columns.
    for t in tables:
        if t not in _ADMIN_TABLES and t != BLOB_TABLE:  # the blobs' grants: _blob_chunks
            conn.execute(text(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {q(t)} TO {g['officer']}"))
    cols = ", ".join(_USER_COLUMNS_AN_OFFICER_WRITES)
    conn.execute(text(f"GRANT UPDATE ({cols}) ON users TO {g['officer']}"))
    # His own grants sealed again at his own passphrase change (trg_level_grants_own).
    conn.execute(text(f"GRANT UPDATE (kex_public, sealed, granted_by, granted_at), DELETE ON level_grants "
                      f"TO {g['officer']}"))
    # Of the trusted peers, an officer's exchange moves only the channel's counters.
    conn.execute(text(f"GRANT UPDATE (next_seq, acked_upto) ON sync_peers TO {g['officer']}"))
    # System administrator: accounts and settings, no case content at all.
    conn.execute(text(f"GRANT INSERT, UPDATE ON users, settings TO {g['sysadmin']}"))
    conn.execute(text(f"GRANT SELECT ON hub_roles TO {g['sysadmin']}, {g['secadmin']}"))
    # Security administrator: clearances and scopes (the guard on users) and the level keys.
    conn.execute(text(f"GRANT UPDATE (clearance, modules, updated_at, slot_id, must_change_passphrase, kex_public) "
                      f"ON users TO {g['secadmin']}"))
    conn.execute(text(f"GRANT SELECT, INSERT, UPDATE, DELETE ON level_grants, level_keys TO {g['secadmin']}"))
    # While a hub has no security administrator the system administrator is the key
    # custodian (store/grants.py); the guard on users keeps clearances his only then.
    conn.execute(text(f"GRANT UPDATE (clearance, modules) ON users TO {g['sysadmin']}"))
    conn.execute(text(f"GRANT INSERT, UPDATE, DELETE ON level_grants TO {g['sysadmin']}"))
    conn.execute(text(f"GRANT INSERT, UPDATE ON sync_peers TO {g['secadmin']}"))  # trusts and revokes peers
    conn.execute(text(f"GRANT SELECT ON sync_peer_audit_heads TO {g['secadmin']}"))
    # Auditor: reads the trail and the peers' audit heads; appends his own events.
    conn.execute(text(f"GRANT SELECT ON sync_peer_audit_heads TO {g['auditor']}"))
    if "hub_content_sealed" in tables:
        conn.execute(text(f"GRANT SELECT ON hub_content_sealed TO {everyone}"))
    if "hub_case_numbers" in tables:  # what a new or arriving case's number must avoid (_numbers_register)
        conn.execute(text(f"GRANT SELECT ON hub_case_numbers TO {g['officer']}"))
    if "hub_files" in tables:
        # Every role reads the workstation file (a key slot is Argon2id + AEAD) and may
        # write it only as the program's operations do (bjstc_hub_files_guard decides).
        conn.execute(text(f"GRANT SELECT, UPDATE (content, updated_at) ON hub_files TO {everyone}"))
    if "hub_audit_origin" in tables:
        conn.execute(text(f"GRANT SELECT ON hub_audit_origin TO {g['auditor']}"))
    for t in content:
        assert t not in _ADMIN_TABLES, t


def _policies(conn: Connection, content: dict[str, str]) -> None:
    for table, cond in content.items():
        conn.execute(text(f"ALTER TABLE {q(table)} ENABLE ROW LEVEL SECURITY"))
        conn.execute(text(f"ALTER TABLE {q(table)} FORCE ROW LEVEL SECURITY"))
        conn.execute(text(f"DROP POLICY IF EXISTS bjstc_scope ON {q(table)}"))
        conn.execute(text(f"CREATE POLICY bjstc_scope ON {q(table)} USING ({cond}) WITH CHECK ({cond})"))
    # Each role reads only its own row of the role map.
    conn.execute(text("ALTER TABLE hub_roles ENABLE ROW LEVEL SECURITY"))
    conn.execute(text("DROP POLICY IF EXISTS bjstc_own ON hub_roles"))
    conn.execute(text("CREATE POLICY bjstc_own ON hub_roles USING (role_name = session_user OR kind LIKE 'group:%')"))


def _audit_guards(conn: Connection, schema: str) -> None:
    path = definer_path(schema)
    # Which database role inserted each event, written by the database itself: the
    # event's actor is what the program says; this is who said it (an officer at psql
    # can append a well-linked event naming someone else; the auditor sees it was him).
    # Not keyed by seq: a seq written twice (a tail cut with the triggers off by a
    # superuser, then written again) shows as two origins, one more trace of the cut.
    conn.execute(text("CREATE TABLE IF NOT EXISTS hub_audit_origin (seq bigint NOT NULL, db_role text NOT NULL, "
                      "at timestamptz NOT NULL DEFAULT now())"))
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_hub_audit_origin_seq ON hub_audit_origin (seq)"))
    # Events older than the roles (hub init's own) were written by the owner.
    conn.execute(text("INSERT INTO hub_audit_origin (seq, db_role) SELECT e.seq, current_user FROM audit_events AS e "
                      "WHERE NOT EXISTS (SELECT 1 FROM hub_audit_origin AS o WHERE o.seq = e.seq)"))
    _install_trigger(conn, "bjstc_audit_refuse", """
        BEGIN
          RAISE EXCEPTION 'bjstc: the audit trail is append-only (% refused)', TG_OP USING ERRCODE = '42501';
        END""",
                     ("trg_audit_no_change", "audit_events", "BEFORE UPDATE OR DELETE", "FOR EACH ROW"),
                     ("trg_audit_no_truncate", "audit_events", "BEFORE TRUNCATE", "FOR EACH STATEMENT"),
                     definer=False)
    # An insert continues the chain: the next seq after the head, linked to its hash
    # (rows of one statement see the rows before them, so a batch links too).
    _install_trigger(conn, "bjstc_audit_link", """
        DECLARE head record;
        BEGIN
          SELECT seq, hash INTO head FROM audit_events ORDER BY seq DESC LIMIT 1;
          IF NEW.seq <> COALESCE(head.seq, 0) + 1 OR NEW.prev_hash <> COALESCE(head.hash, repeat('0', 64)) THEN
            RAISE EXCEPTION 'bjstc: an audit event must continue the chain (seq %)', NEW.seq USING ERRCODE = '42501';
          END IF;
          INSERT INTO hub_audit_origin (seq, db_role) VALUES (NEW.seq, session_user);
          RETURN NEW;
        END""",
                     ("trg_audit_link", "audit_events", "BEFORE INSERT", "FOR EACH ROW"),
                     path=path)


def _sealed_flag(conn: Connection, schema: str) -> None:
    """`hub_content_sealed`: one row once any case carries sealed content, set by the
    database (a trigger running as the owner) when that is first written, and here for
    a hub that has some already (the owner sees every case). Every role reads it and
    nobody but the owner writes it, so `grants.content_sealed` gets the same answer for
    an administrator's role, which may read no case, and for an officer's, which reads
    only those in his scope (asking `cases` under either said "nothing sealed")."""
    path = definer_path(schema)
    conn.execute(text("CREATE TABLE IF NOT EXISTS hub_content_sealed (sealed boolean PRIMARY KEY DEFAULT true "
                      "CHECK (sealed))"))
    conn.execute(text("INSERT INTO hub_content_sealed SELECT true WHERE EXISTS (SELECT 1 FROM cases "
                      "WHERE sealed IS NOT NULL) ON CONFLICT DO NOTHING"))
    _install_trigger(conn, "bjstc_mark_sealed", """
        BEGIN
          IF NOT EXISTS (SELECT 1 FROM hub_content_sealed) THEN
            INSERT INTO hub_content_sealed VALUES (true) ON CONFLICT DO NOTHING;
          END IF;
          RETURN NULL;
        END""",
                     ("trg_cases_sealed", "cases", "AFTER INSERT OR UPDATE OF sealed",
                      "FOR EACH ROW WHEN (NEW.sealed IS NOT NULL)"),
                     path=path)


def _numbers_register(conn: Connection, schema: str, reconcile: bool = False) -> None:
    """`hub_case_numbers`: every 案号 a case of the hub carries, and nothing else, kept by
    triggers on `cases` that run as the owner, read by every officer's role and written
    by none (store/casenumbers.py). An officer's role sees only the cases of his
    clearance and modules, so the checks that keep numbers unique (a new case's, a
    laptop's or another office's case arriving by sync) could not see a hidden case's
    number and would give it again; the unique index would then refuse the case, which
    also tells him the number exists. What the register tells him is just that: the
    numbers, never which case or what level. (A SECURITY DEFINER function over `cases`
    would not do: the row policies key on `session_user`, still the officer's inside it.)

    The triggers keep it right, so an install (every migration runs one) rebuilds it only
    when it is missing or holds another count of numbers than there are cases (a hub of
    an older version, a repair at psql); with `reconcile`, always. A register wrong with
    the right count (one number swapped for another) is put right only when asked."""
    path = definer_path(schema)
    missing = conn.execute(text("SELECT to_regclass('hub_case_numbers')")).scalar() is None
    conn.execute(text("CREATE TABLE IF NOT EXISTS hub_case_numbers (case_no text PRIMARY KEY)"))
    if reconcile or missing or conn.execute(text(
            "SELECT (SELECT count(*) FROM cases) <> (SELECT count(*) FROM hub_case_numbers)")).scalar():
        # The owner sees every case: the register made (or put right) from them.
        conn.execute(text("INSERT INTO hub_case_numbers (case_no) SELECT case_no FROM cases ON CONFLICT DO NOTHING"))
        conn.execute(text("DELETE FROM hub_case_numbers AS n WHERE NOT EXISTS "
                          "(SELECT 1 FROM cases AS c WHERE c.case_no = n.case_no)"))
    # Set-based for inserts and deletes (an import adds thousands of cases in one
    # statement); a renumbered case (rare) row by row.
    _install_trigger(conn, "bjstc_numbers_added", """
        BEGIN
          INSERT INTO hub_case_numbers (case_no) SELECT case_no FROM bjstc_added ON CONFLICT DO NOTHING;
          RETURN NULL;
        END""",
                     ("trg_case_numbers_added", "cases", "AFTER INSERT",
                      "REFERENCING NEW TABLE AS bjstc_added FOR EACH STATEMENT"),
                     path=path)
    _install_trigger(conn, "bjstc_numbers_removed", """
        BEGIN
          DELETE FROM hub_case_numbers AS n USING bjstc_removed AS r WHERE n.case_no = r.case_no;
          RETURN NULL;
        END""",
                     ("trg_case_numbers_removed", "cases", "AFTER DELETE",
                      "REFERENCING OLD TABLE AS bjstc_removed FOR EACH STATEMENT"),
                     path=path)
    _install_trigger(conn, "bjstc_number_changed", """
        BEGIN
          DELETE FROM hub_case_numbers WHERE case_no = OLD.case_no;
          INSERT INTO hub_case_numbers (case_no) VALUES (NEW.case_no) ON CONFLICT DO NOTHING;
          RETURN NULL;
        END""",
                     ("trg_case_number_changed", "cases", "AFTER UPDATE OF case_no",
                      "FOR EACH ROW WHEN (OLD.case_no IS DISTINCT FROM NEW.case_no)"),
                     path=path)


def _hub_files_guard(conn: Connection, prefix: str, schema: str) -> None:
    """What each role may change in the hub's workstation file (store/hubfiles.py), as
    the program's operations change it: his own key slot (a passphrase change); the
    system administrator the slots of officers and approvers and of an account without
    one yet (user add, reset, an administrator made with the recovery code); the key
    custodian the recovery slot (`keys upgrade`); the auditor the audit anchor and
    checkpoint (`audit verify`). The name, the ceiling, the administrators' keys and the
    settings only the owner. The database cannot check the MAC (it has no data key):
    this is what stops a role holding the data key, i.e. every account's."""
    if conn.execute(text("SELECT to_regclass('hub_files')")).scalar() is None:
        return
    path = definer_path(schema)
    sec, sys_, aud = (group_role(prefix, g) for g in ("secadmin", "sysadmin", "auditor"))
    _install_trigger(conn, "bjstc_hub_files_guard", f"""
        DECLARE
          old_doc jsonb;
          new_doc jsonb;
          me text := (SELECT u.name FROM hub_roles AS r JOIN users AS u ON u.id = r.user_id
                      WHERE r.role_name = session_user AND u.active);
          is_sys boolean := pg_has_role(session_user, '{sys_}', 'MEMBER');
          custodian boolean := pg_has_role(session_user, '{sec}', 'MEMBER')
                               OR (is_sys AND NOT EXISTS (SELECT 1 FROM users WHERE role = 'secadmin'));
          changed record;
        BEGIN
          INSERT INTO hub_files_history (name, content, db_role) VALUES (OLD.name, OLD.content, session_user);
          IF (SELECT kind FROM hub_roles WHERE role_name = session_user) = 'owner' THEN RETURN NEW; END IF;
          BEGIN
            old_doc := convert_from(OLD.content, 'UTF8')::jsonb;
            new_doc := convert_from(NEW.content, 'UTF8')::jsonb;
          EXCEPTION WHEN OTHERS THEN
            RAISE EXCEPTION 'bjstc: the hub''s workstation file must stay a workstation file' USING ERRCODE = '42501';
          END;
          IF NEW.name <> OLD.name OR jsonb_typeof(new_doc->'slots') IS DISTINCT FROM 'array'
             OR (old_doc - 'slots' - 'mac' - 'audit_anchor' - 'audit_checkpoint')
                IS DISTINCT FROM (new_doc - 'slots' - 'mac' - 'audit_anchor' - 'audit_checkpoint') THEN
            RAISE EXCEPTION 'bjstc: only the hub''s owner changes the workstation''s name, ceiling, keys and settings'
              USING ERRCODE = '42501';
          END IF;
          IF (old_doc->'audit_anchor', old_doc->'audit_checkpoint')
             IS DISTINCT FROM (new_doc->'audit_anchor', new_doc->'audit_checkpoint')
             AND NOT pg_has_role(session_user, '{aud}', 'MEMBER') THEN
            RAISE EXCEPTION 'bjstc: only the auditor moves the audit anchor and checkpoint' USING ERRCODE = '42501';
          END IF;
          FOR changed IN
            (SELECT e FROM jsonb_array_elements(old_doc->'slots') AS e
             EXCEPT SELECT e FROM jsonb_array_elements(new_doc->'slots') AS e)
            UNION ALL
            (SELECT e FROM jsonb_array_elements(new_doc->'slots') AS e
             EXCEPT SELECT e FROM jsonb_array_elements(old_doc->'slots') AS e)
          LOOP
            CONTINUE WHEN changed.e->>'kind' = 'recovery' AND custodian;
            CONTINUE WHEN changed.e->>'kind' = 'user' AND changed.e->>'user' = me;
            CONTINUE WHEN changed.e->>'kind' = 'user' AND is_sys AND (
              EXISTS (SELECT 1 FROM users WHERE name = changed.e->>'user' AND role IN ('officer', 'approver'))
              OR NOT EXISTS (SELECT 1 FROM jsonb_array_elements(old_doc->'slots') AS o
                             WHERE o->>'user' = changed.e->>'user'));
            RAISE EXCEPTION 'bjstc: % may not change the key slot of %', session_user,
              COALESCE(changed.e->>'user', 'the recovery code') USING ERRCODE = '42501';
          END LOOP;
          RETURN NEW;
        END""",
                     ("trg_hub_files_guard", "hub_files", "BEFORE UPDATE", "FOR EACH ROW"),
                     path=path)


def enrol(conn: Connection, user_id: str, name: str) -> Enrolment:
    """Give the account `user_id` its LOGIN role in its group (in the caller's write
    transaction, beside the account row). When the hub's owner lacks CREATEROLE, the
    role is recorded and the SQL for the database administrator returned instead."""
    prefix = prefix_of(conn)
    role = account_role(prefix, name, user_id)
    created = bool(conn.execute(text("SELECT bjstc_enrol(:u, :r)"), {"u": user_id, "r": role}).scalar())
    group = conn.execute(text(
        "SELECT h.role_name FROM hub_roles AS h, users AS u WHERE u.id = :u AND h.kind = 'group:' || "
        "CASE u.role WHEN 'approver' THEN 'officer' ELSE u.role END"), {"u": user_id}).scalar()
    sql = f"CREATE ROLE {q(role)} LOGIN INHERIT IN ROLE {q(str(group))};"
    return Enrolment(role, created, "" if created else sql)


def enrol_account(session: Session, user_id: str, name: str) -> Enrolment | None:
    """`enrol` in the session's write transaction on a hub; None on a workstation."""
    if session.get_bind().dialect.name != "postgresql":
        return None
    session.flush()  # the account row first: the role map refers to it
    return enrol(session.connection(), user_id, name)


def set_up(session: Session, accounts: list[tuple[str, str]]) -> list[Enrolment]:
    """At `hub init`, in its write transaction: the roles, grants, policies and audit
    guards, then a LOGIN role for each of the administrators (user id, name)."""
    session.flush()
    install(session.connection())
    return [enrol(session.connection(), uid, name) for uid, name in accounts]


def reads_audit(session: Session) -> bool:
    """Whether the session's role reads the whole audit trail (on a workstation, or the
    hub's auditor and owner); an officer's role reads only the chain's links."""
    if session.get_bind().dialect.name != "postgresql":
        return True
    return bool(session.execute(text("SELECT has_table_privilege('audit_events', 'SELECT')")).scalar())


def discard(conn: Connection) -> None:
    """Empty the schema of a hub whose `hub init` failed: its tables and the functions
    the migrations and `install` made (the database was empty before), so the
    administrator can simply run it again. Roles are cluster-wide and kept: a new
    init finds and reuses this hub's groups."""
    tables = conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")).scalars().all()
    if tables:
        conn.execute(text("DROP TABLE " + ", ".join(q(t) for t in tables) + " CASCADE"))
    for fn in conn.execute(text(
            "SELECT p.oid::regprocedure::text FROM pg_proc AS p JOIN pg_namespace AS n ON n.oid = p.pronamespace "
            "WHERE n.nspname = current_schema() AND p.proname LIKE 'bjstc%'")).scalars().all():
        conn.execute(text(f"DROP FUNCTION {fn} CASCADE"))


def refresh(engine: Engine, *, reconcile_numbers: bool = False) -> None:
    """After a migration of a hub (run by its owner): grants and policies again, so a
    table the migration added is covered. A hub made before roles existed is left as
    it was (`hub init` of this version sets them up). `reconcile_numbers`: as `install`."""
    with engine.execution_options(bjstc_write=True).begin() as conn:
        if conn.execute(text("SELECT to_regclass('hub_roles')")).scalar() is None:
            return
        install(conn, reconcile_numbers=reconcile_numbers)


def sees_every_row(session: Session) -> bool:
    """Whether the session sees every row of the store: always on a workstation; on a
    hub only the owner's role (and a hub made before roles existed). Housekeeping that
    concludes from a row's absence (the leftover blobs' sweep) runs only then."""
    if session.get_bind().dialect.name != "postgresql":
        return True
    if session.execute(text("SELECT to_regproc('bjstc_clearance')")).scalar() is None:
        return True
    return int(session.execute(text("SELECT bjstc_clearance()")).scalar() or -1) >= OWNER_CLEARANCE
