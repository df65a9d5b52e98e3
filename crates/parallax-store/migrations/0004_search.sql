-- Schema 4: full-text search over article titles and clean text (SQLite FTS5).
-- The index holds no copy of the text: it reads `articles` (external content) and triggers
-- keep it in step with every insert and delete.

CREATE VIRTUAL TABLE article_search USING fts5 (
    title,
    text,
    content = 'articles',
    content_rowid = 'seq',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER articles_search_insert AFTER INSERT ON articles BEGIN
    INSERT INTO article_search (rowid, title, text) VALUES (new.seq, new.title, new.text);
END;

CREATE TRIGGER articles_search_delete AFTER DELETE ON articles BEGIN
    INSERT INTO article_search (article_search, rowid, title, text)
    VALUES ('delete', old.seq, old.title, old.text);
END;

CREATE TRIGGER articles_search_update AFTER UPDATE OF title, text ON articles BEGIN
    INSERT INTO article_search (article_search, rowid, title, text)
    VALUES ('delete', old.seq, old.title, old.text);
    INSERT INTO article_search (rowid, title, text) VALUES (new.seq, new.title, new.text);
END;

-- Articles stored before this schema are indexed once, here.
INSERT INTO article_search (article_search) VALUES ('rebuild');

-- The story list's order (largest, then newest, then id; undated last) as an index, so a page
-- is an index walk rather than a sort of every story. The expression must match links.rs.
CREATE INDEX stories_listing ON stories (articles DESC, COALESCE(last_time, -9223372036854775808) DESC, id);
