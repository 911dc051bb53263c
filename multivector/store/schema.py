"""The DuckDB schema as an ordered list of migrations. Never edit a shipped
migration: add the next one. ``meta.schema_version`` records what was applied."""

from __future__ import annotations

MIGRATIONS: list[tuple[int, str]] = [
    (1, """
    CREATE TABLE documents (
        id VARCHAR PRIMARY KEY,
        source_path VARCHAR NOT NULL,
        locator VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,
        raw_sha256 VARCHAR NOT NULL,
        text_sha256 VARCHAR NOT NULL,
        url VARCHAR,
        outlet VARCHAR,
        title VARCHAR,
        author VARCHAR,
        published DATE,
        published_estimate_min DATE,
        published_estimate_max DATE,
        language VARCHAR,
        encoding VARCHAR,
        status VARCHAR NOT NULL,
        duplicate_of VARCHAR,
        text VARCHAR NOT NULL,
        cleaner VARCHAR NOT NULL,
        warnings VARCHAR[],
        run_id INTEGER NOT NULL,
        ingested_at TIMESTAMP NOT NULL
    );
    CREATE TABLE inputs (
        source_path VARCHAR NOT NULL,
        locator VARCHAR NOT NULL,
        raw_sha256 VARCHAR,
        outcome VARCHAR NOT NULL,      -- stored | near_duplicate | duplicate | failed
        doc_id VARCHAR,
        code VARCHAR,
        reason VARCHAR,
        run_id INTEGER NOT NULL,
        seen_at TIMESTAMP NOT NULL
    );
    CREATE TABLE line_stats (group_key VARCHAR NOT NULL, shape UBIGINT NOT NULL,
                             docs INTEGER NOT NULL, PRIMARY KEY (group_key, shape));
    CREATE TABLE group_docs (group_key VARCHAR PRIMARY KEY, docs INTEGER NOT NULL);
    CREATE TABLE sketches (doc_id VARCHAR NOT NULL, h UBIGINT NOT NULL);
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY, command VARCHAR, version VARCHAR,
        started_at TIMESTAMP, finished_at TIMESTAMP,
        read INTEGER, stored INTEGER, near_duplicate INTEGER, duplicate INTEGER, failed INTEGER
    );
    """),
    (2, """
    CREATE TABLE actors (
        id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, type VARCHAR NOT NULL, country VARCHAR,
        code VARCHAR, sector VARCHAR, aliases VARCHAR[], parent VARCHAR,
        source VARCHAR NOT NULL          -- kb | discovered
    );
    CREATE TABLE mentions (
        doc_id VARCHAR NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, text VARCHAR NOT NULL,
        actor_id VARCHAR NOT NULL, method VARCHAR NOT NULL, score DOUBLE NOT NULL, finder VARCHAR NOT NULL
    );
    CREATE TABLE processed (doc_id VARCHAR NOT NULL, stage VARCHAR NOT NULL, algorithm VARCHAR NOT NULL,
                            PRIMARY KEY (doc_id, stage));
    """),
    (3, """
    CREATE TABLE event_mentions (
        id VARCHAR PRIMARY KEY, event_id VARCHAR, doc_id VARCHAR NOT NULL, outlet VARCHAR,
        sentence_start INTEGER NOT NULL, sentence_end INTEGER NOT NULL, evidence VARCHAR NOT NULL,
        trigger VARCHAR, trigger_start INTEGER, trigger_end INTEGER,
        source_actor_ids VARCHAR[], target_actor_ids VARCHAR[], source_codes VARCHAR[], target_codes VARCHAR[],
        cameo_code VARCHAR NOT NULL, plover_type VARCHAR, plover_mode VARCHAR, plover_context VARCHAR,
        goldstein DOUBLE, quad_class INTEGER, date DATE, date_precision VARCHAR, date_text VARCHAR,
        place VARCHAR, lat DOUBLE, lon DOUBLE, negated BOOLEAN, hypothetical BOOLEAN, future BOOLEAN,
        reported BOOLEAN, confidence DOUBLE, coder VARCHAR
    );
    CREATE TABLE events (
        id VARCHAR PRIMARY KEY, doc_ids VARCHAR[], sentence_start INTEGER, sentence_end INTEGER, evidence VARCHAR,
        source_actor_ids VARCHAR[], source_codes VARCHAR[], target_actor_ids VARCHAR[], target_codes VARCHAR[],
        plover_type VARCHAR, plover_mode VARCHAR, plover_context VARCHAR, cameo_code VARCHAR, goldstein DOUBLE,
        quad_class INTEGER, date DATE, date_precision VARCHAR, place VARCHAR, lat DOUBLE, lon DOUBLE,
        negated BOOLEAN, hypothetical BOOLEAN, future BOOLEAN, reported BOOLEAN, coder VARCHAR, confidence DOUBLE,
        mention_count INTEGER, outlet_count INTEGER
    );
    """),
    (4, """
    ALTER TABLE event_mentions ADD COLUMN roles VARCHAR;
    ALTER TABLE events ADD COLUMN roles VARCHAR;
    """),
    (5, """
    ALTER TABLE documents ADD COLUMN genre VARCHAR;     -- opinion | news; NULL when not known
    CREATE TABLE claims (
        id VARCHAR PRIMARY KEY, doc_id VARCHAR NOT NULL, outlet VARCHAR,
        kind VARCHAR NOT NULL,                          -- quote | reported | author
        speaker_actor_id VARCHAR, speaker_text VARCHAR, text VARCHAR NOT NULL,
        start INTEGER NOT NULL, "end" INTEGER NOT NULL, about_actor_ids VARCHAR[],
        polarity VARCHAR, polarity_score DOUBLE, certainty VARCHAR, loaded_terms VARCHAR[],
        event_types VARCHAR[], cue VARCHAR, finder VARCHAR NOT NULL
    );
    CREATE TABLE actor_tone (
        doc_id VARCHAR NOT NULL, outlet VARCHAR, actor_id VARCHAR NOT NULL, country VARCHAR,
        start INTEGER NOT NULL, tone DOUBLE NOT NULL, polarity VARCHAR NOT NULL
    );
    """),
]

LATEST = MIGRATIONS[-1][0]
