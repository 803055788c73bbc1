/**
 * Versioned schema migrations. Each entry moves the store from version i to i+1 and
 * runs in one transaction with the `user_version` bump, so a crash mid-migration
 * leaves the previous version intact. Never edit a released migration: add one.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: import log, sessions, messages with their tool traffic, full-text search.
  `
  CREATE TABLE import_sources (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    format TEXT,
    bytes INTEGER NOT NULL,
    imported_at TEXT NOT NULL,
    sessions_added INTEGER NOT NULL DEFAULT 0,
    sessions_updated INTEGER NOT NULL DEFAULT 0,
    sessions_skipped INTEGER NOT NULL DEFAULT 0,
    messages_added INTEGER NOT NULL DEFAULT 0,
    error TEXT
  );
  CREATE INDEX import_sources_sha256 ON import_sources(sha256);
  CREATE INDEX import_sources_bytes ON import_sources(bytes);

  CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    source_id INTEGER REFERENCES import_sources(id) ON DELETE SET NULL,
    format TEXT NOT NULL,
    external_id TEXT NOT NULL,
    title TEXT,
    project TEXT,
    git_branch TEXT,
    model TEXT,
    started_at TEXT,
    ended_at TEXT,
    message_count INTEGER NOT NULL,
    content_hash TEXT NOT NULL UNIQUE,
    imported_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (format, external_id)
  );
  CREATE INDEX sessions_started ON sessions(started_at);

  CREATE TABLE messages (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('user', 'assistant', 'system', 'tool')),
    text TEXT NOT NULL,
    timestamp TEXT,
    external_id TEXT,
    parent_external_id TEXT,
    on_main_thread INTEGER NOT NULL DEFAULT 1,
    sidechain INTEGER NOT NULL DEFAULT 0,
    model TEXT,
    UNIQUE (session_id, seq)
  );

  CREATE TABLE tool_calls (
    id INTEGER PRIMARY KEY,
    message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    call_id TEXT,
    name TEXT NOT NULL,
    input TEXT NOT NULL
  );
  CREATE INDEX tool_calls_message ON tool_calls(message_id);

  CREATE TABLE tool_results (
    id INTEGER PRIMARY KEY,
    message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    call_id TEXT,
    name TEXT,
    output TEXT NOT NULL,
    is_error INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX tool_results_message ON tool_results(message_id);

  -- Full-text search over message text (external content: the text is stored once).
  CREATE VIRTUAL TABLE messages_fts USING fts5(
    text, content='messages', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
  );
  CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
    INSERT INTO messages_fts(rowid, text) VALUES (new.id, new.text);
  END;
  CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
    INSERT INTO messages_fts(messages_fts, rowid, text) VALUES ('delete', old.id, old.text);
  END;
  CREATE TRIGGER messages_fts_update AFTER UPDATE OF text ON messages BEGIN
    INSERT INTO messages_fts(messages_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO messages_fts(rowid, text) VALUES (new.id, new.text);
  END;
  `,
  // 2: the analysis pipeline: moments, the embedding cache, clusters and map coordinates.
  `
  -- Short excerpts worth clustering, extracted from stored messages by rules (moments/).
  CREATE TABLE moments (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('correction', 'failure', 'task', 'preference')),
    text TEXT NOT NULL,
    context TEXT,
    text_hash TEXT NOT NULL,
    at TEXT,
    UNIQUE (message_id, kind)
  );
  CREATE INDEX moments_session ON moments(session_id);
  CREATE INDEX moments_kind ON moments(kind);

  -- Which sessions were scanned for moments, by which rules version, at which content:
  -- a session that grew or new rules mean a rescan.
  CREATE TABLE moment_scans (
    session_id INTEGER PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
    content_hash TEXT NOT NULL,
    rules_version INTEGER NOT NULL,
    scanned_at TEXT NOT NULL
  );

  -- Embedding cache by (model, text hash): re-runs embed only new texts, and vectors of
  -- different models never mix. Vectors are little-endian float32, L2-normalised.
  CREATE TABLE embeddings (
    model TEXT NOT NULL,
    text_hash TEXT NOT NULL,
    dim INTEGER NOT NULL,
    vector BLOB NOT NULL,
    PRIMARY KEY (model, text_hash)
  ) WITHOUT ROWID;

  -- One analysis run: what it read, what it changed, how long it took.
  CREATE TABLE analysis_runs (
    id INTEGER PRIMARY KEY,
    model TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    stats TEXT
  );

  CREATE TABLE clusters (
    id INTEGER PRIMARY KEY,
    run_id INTEGER REFERENCES analysis_runs(id) ON DELETE SET NULL,
    model TEXT NOT NULL,
    kind TEXT NOT NULL,
    label TEXT NOT NULL,
    keywords TEXT NOT NULL,
    size INTEGER NOT NULL,
    sessions INTEGER NOT NULL,
    projects INTEGER NOT NULL,
    first_seen TEXT,
    last_seen TEXT,
    weekly TEXT NOT NULL
  );
  CREATE INDEX clusters_model_kind ON clusters(model, kind);

  CREATE TABLE cluster_members (
    cluster_id INTEGER NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,
    moment_id INTEGER NOT NULL REFERENCES moments(id) ON DELETE CASCADE,
    -- Similarity to the cluster centre; the highest are the representative moments.
    score REAL NOT NULL,
    PRIMARY KEY (cluster_id, moment_id)
  ) WITHOUT ROWID;
  CREATE INDEX cluster_members_moment ON cluster_members(moment_id);

  -- 2-D map coordinates per model.
  CREATE TABLE map_points (
    model TEXT NOT NULL,
    moment_id INTEGER NOT NULL REFERENCES moments(id) ON DELETE CASCADE,
    x REAL NOT NULL,
    y REAL NOT NULL,
    PRIMARY KEY (model, moment_id)
  ) WITHOUT ROWID;
  `,
  // 3: lessons and the outbox of everything ever sent off the machine.
  `
  CREATE TABLE lessons (
    id INTEGER PRIMARY KEY,
    cluster_id INTEGER REFERENCES clusters(id) ON DELETE SET NULL,
    kind TEXT,
    title TEXT NOT NULL,
    rule TEXT NOT NULL,
    why TEXT,
    applies_when TEXT,
    confidence REAL,
    -- 'claude' when written by Claude, 'local' for an offline draft built from keywords and examples.
    source TEXT NOT NULL CHECK (source IN ('claude', 'local')),
    model TEXT,
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'adopted', 'retired')),
    adopted_at TEXT,
    retired_at TEXT,
    -- Moment ids the lesson rests on (JSON array), so it keeps its evidence across re-clustering.
    evidence TEXT NOT NULL DEFAULT '[]',
    helpful INTEGER NOT NULL DEFAULT 0,
    harmful INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX lessons_cluster ON lessons(cluster_id);

  -- Every request that left the machine, byte for byte, with its response: the audit log.
  CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    created_at TEXT NOT NULL,
    url TEXT NOT NULL,
    model TEXT,
    cluster_ids TEXT NOT NULL DEFAULT '[]',
    request TEXT NOT NULL,
    status INTEGER,
    response TEXT,
    error TEXT
  );
  `,
  // 4: dreaming: folders watched for new sessions, and a record of every dream run.
  `
  CREATE TABLE watched_sources (
    path TEXT PRIMARY KEY,
    added_at TEXT NOT NULL
  );

  -- One dream run: import of the watched folders, then the incremental analysis.
  CREATE TABLE dream_runs (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    -- 'manual' (reverie dream), 'watch' (reverie dream --watch) or 'schedule'.
    trigger TEXT NOT NULL,
    files_read INTEGER NOT NULL DEFAULT 0,
    sessions_added INTEGER NOT NULL DEFAULT 0,
    sessions_updated INTEGER NOT NULL DEFAULT 0,
    moments_added INTEGER NOT NULL DEFAULT 0,
    clusters_changed INTEGER NOT NULL DEFAULT 0,
    analysis_run_id INTEGER REFERENCES analysis_runs(id) ON DELETE SET NULL,
    seconds REAL,
    -- Everything else (per-folder counts, clusters new/changed/gone, skipped analysis), as JSON.
    stats TEXT,
    error TEXT
  );
  `,
  // 5: messages are added to the full-text index in bulk, once per imported file
  // (SessionWriter.flushIndex), instead of by a trigger per row: a fifth of import time.
  // Deletes and updates keep their triggers, so the index never holds a stale row.
  `
  DROP TRIGGER messages_fts_insert;
  `,
  // 6: the account owner as the imported exports name them (Claude.ai users.json, ChatGPT user.json):
  // names, e-mail addresses, phone numbers and account names every digest scrubs (store/identities.ts).
  // Stored with the export's sessions, in the same transaction; one row per value, however often imported.
  `
  CREATE TABLE account_identities (
    id INTEGER PRIMARY KEY,
    -- The import of the sessions file the identity came with (null when those bytes were imported before).
    source_id INTEGER REFERENCES import_sources(id) ON DELETE SET NULL,
    kind TEXT NOT NULL CHECK (kind IN ('name', 'email', 'phone', 'username')),
    value TEXT NOT NULL COLLATE NOCASE,
    added_at TEXT NOT NULL,
    UNIQUE (kind, value)
  );
  `,
  // 7: the agent's side (agent/): every MCP tool call and hook answer, with how many bytes went
  // into the agent's context, and the scrubbed text of session-start answers by what they scrub,
  // so the hook Claude Code runs at every session start does not load the scrubber each time.
  `
  CREATE TABLE agent_calls (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    -- 'mcp' or 'hook'
    surface TEXT NOT NULL,
    tool TEXT NOT NULL,
    -- What was asked (the tool's arguments), as JSON.
    args TEXT NOT NULL,
    project TEXT,
    bytes INTEGER NOT NULL,
    error TEXT
  );

  CREATE TABLE agent_scrubbed (
    -- sha256 of the raw text and of everything the scrubber is made from (settings, owner identities).
    key TEXT PRIMARY KEY,
    text TEXT NOT NULL,
    at TEXT NOT NULL
  ) WITHOUT ROWID;
  `,
  // 8: what the person sees (app-ux):
  // - full-text search also finds tool calls (name and input) and tool outputs: the index gets a
  //   second column, `tools`, read through the view message_search (external content, stored once).
  //   Rows are removed before their message (BEFORE DELETE), while its tool rows still exist, so the
  //   index is told exactly the words it holds; new messages are added in bulk (SessionWriter.flushIndex).
  // - sessions whose format has no title get one from the person's first request (reverie_title,
  //   store/titles.ts, registered on every connection by migrate()); imports derive it the same way.
  // - import_sources.sample marks the built-in sample data, so it can be told apart and removed.
  `
  DROP TRIGGER messages_fts_delete;
  DROP TRIGGER messages_fts_update;
  DROP TABLE messages_fts;
  CREATE VIEW message_search AS
    SELECT m.id AS id, m.text AS text,
      coalesce((SELECT group_concat(c.name || ' ' || c.input, char(10) ORDER BY c.seq) FROM tool_calls c WHERE c.message_id = m.id), '')
      || char(10) ||
      coalesce((SELECT group_concat(r.output, char(10) ORDER BY r.seq) FROM tool_results r WHERE r.message_id = m.id), '') AS tools
    FROM messages m;
  CREATE VIRTUAL TABLE messages_fts USING fts5(
    text, tools, content='message_search', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
  );
  INSERT INTO messages_fts(messages_fts) VALUES ('rebuild');
  CREATE TRIGGER messages_fts_delete BEFORE DELETE ON messages BEGIN
    INSERT INTO messages_fts(messages_fts, rowid, text, tools)
      SELECT 'delete', id, text, tools FROM message_search WHERE id = old.id;
  END;
  CREATE TRIGGER messages_fts_update_old BEFORE UPDATE OF text ON messages BEGIN
    INSERT INTO messages_fts(messages_fts, rowid, text, tools)
      SELECT 'delete', id, text, tools FROM message_search WHERE id = old.id;
  END;
  CREATE TRIGGER messages_fts_update_new AFTER UPDATE OF text ON messages BEGIN
    INSERT INTO messages_fts(rowid, text, tools) SELECT id, text, tools FROM message_search WHERE id = new.id;
  END;

  UPDATE sessions SET title = (
    SELECT reverie_title(m.text) FROM messages m
    WHERE m.session_id = sessions.id AND m.role = 'user' AND m.on_main_thread = 1 AND m.sidechain = 0
      AND reverie_title(m.text) IS NOT NULL
    ORDER BY m.seq LIMIT 1)
  WHERE title IS NULL OR trim(title) = '';

  ALTER TABLE import_sources ADD COLUMN sample INTEGER NOT NULL DEFAULT 0;
  `,
  // 9: patterns. A cluster is now a pattern (one recurring problem, across kinds: `kind` is its
  // most common kind, `kinds` the count of each); the fine clusters found per kind are kept as its
  // variants, for drill-down (cluster/patterns.ts).
  `
  ALTER TABLE clusters ADD COLUMN kinds TEXT;

  CREATE TABLE variants (
    id INTEGER PRIMARY KEY,
    cluster_id INTEGER NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    label TEXT NOT NULL,
    keywords TEXT NOT NULL,
    size INTEGER NOT NULL
  );
  CREATE INDEX variants_cluster ON variants(cluster_id);

  CREATE TABLE variant_members (
    variant_id INTEGER NOT NULL REFERENCES variants(id) ON DELETE CASCADE,
    moment_id INTEGER NOT NULL REFERENCES moments(id) ON DELETE CASCADE,
    cluster_id INTEGER NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,
    PRIMARY KEY (variant_id, moment_id)
  ) WITHOUT ROWID;
  CREATE INDEX variant_members_moment ON variant_members(moment_id);
  `,
  // 10: which detector decided each moment ('rules' or 'classifier', moments/rules.ts), and which set of
  // detectors scanned each session ('rules', or the rules with the classifier of one embedding model),
  // so a session is scanned again when the classifier becomes usable or unusable.
  `
  ALTER TABLE moments ADD COLUMN detector TEXT NOT NULL DEFAULT 'rules';
  ALTER TABLE moment_scans ADD COLUMN detectors TEXT NOT NULL DEFAULT 'rules';
  `,
  // 11: token usage per message (Claude Code `message.usage`, Codex `token_count`), for what each
  // pattern costs (lesson/pattern-cost.ts); when a lesson was first written into an instructions file
  // by an export (the agent reads it from then on; the effect verdict counts from the earlier of it
  // and adoption).
  `
  ALTER TABLE messages ADD COLUMN input_tokens INTEGER;
  ALTER TABLE messages ADD COLUMN output_tokens INTEGER;
  ALTER TABLE messages ADD COLUMN cache_read_tokens INTEGER;
  ALTER TABLE messages ADD COLUMN cache_write_tokens INTEGER;
  ALTER TABLE lessons ADD COLUMN exported_at TEXT;
  `,
  // 12: the name Claude gave a pattern when it wrote its lessons (lesson/parse.ts), shown instead of the
  // local name. Kept across re-clusterings while the pattern keeps its id (by membership, as lessons are).
  `
  ALTER TABLE clusters ADD COLUMN claude_name TEXT;
  `,
];
