//! Format detection: by file extension first, then by sniffing the first bytes.

use crate::Format;
use crate::columns::Field;
use serde_json::Value;

/// Detects the format of an input from its file name (lower-cased, compression suffix already
/// removed; `-` for standard input) and its first decompressed bytes. `None` when neither
/// tells.
pub fn detect(name: &str, head: &[u8]) -> Option<Format> {
    let name = name.to_ascii_lowercase();
    let ext = name.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    let sniffed = sniff(head);
    match ext {
        "csv" | "tsv" => Some(Format::Csv),
        // A spreadsheet's "Unicode text" export is tab-separated with a .txt name.
        "txt" | "text" if is_tab_table(head) => Some(Format::Csv),
        "txt" | "text" => Some(Format::Text),
        "html" | "htm" | "xhtml" => Some(Format::Html),
        "xml" | "rss" | "atom" => Some(Format::Feed),
        "js" => Some(sniffed.unwrap_or(Format::TweetsJs)),
        "json" | "jsonl" | "ndjson" => Some(match sniffed {
            Some(
                f @ (Format::TwitterJson
                | Format::TweetsJs
                | Format::TrumpArchive
                | Format::Telegram),
            ) => f,
            _ => Format::Jsonl,
        }),
        _ => sniffed,
    }
}

/// Detects a format from the first bytes alone.
fn sniff(head: &[u8]) -> Option<Format> {
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let start = head.iter().position(|b| !b.is_ascii_whitespace())?;
    let body = head.get(start..)?;
    let text = String::from_utf8_lossy(body);
    if text.starts_with("window.YTD.") {
        return Some(Format::TweetsJs);
    }
    match body.first()? {
        b'{' if is_telegram(&text) => Some(Format::Telegram),
        b'{' => Some(sniff_object_line(&text)),
        b'[' => sniff_array(&text),
        b'<' => sniff_markup(&text),
        _ => sniff_csv(&text),
    }
}

/// Telegram Desktop's export: a chat object whose `type` is a Telegram chat type, with its
/// `messages`, or an account export (`personal_information`, `chats: {"about", "list"}`).
fn is_telegram(text: &str) -> bool {
    let compact: String = text.chars().take(4096).filter(|c| !c.is_whitespace()).collect();
    const TYPES: &[&str] = &[
        "public_channel",
        "private_channel",
        "public_supergroup",
        "private_supergroup",
        "private_group",
        "personal_chat",
        "bot_chat",
        "saved_messages",
    ];
    let chat = TYPES.iter().any(|t| compact.contains(&format!("\"type\":\"{t}\"")))
        && compact.contains("\"messages\":[");
    let account =
        compact.contains("\"personal_information\":{") || compact.contains("\"chats\":{\"about\":");
    chat || account
}

/// The first lines of a JSON-object stream: a v2 page, a v1.1/v2 tweet, or generic JSONL.
fn sniff_object_line(text: &str) -> Format {
    let mut parsed_any = false;
    for line in text.lines().filter(|l| !l.trim().is_empty()).take(20) {
        let Ok(v) = serde_json::from_str::<Value>(line) else { break };
        parsed_any = true;
        if let Some(f) = classify_object(&v) {
            return f;
        }
        // Streaming API notices ({"delete": ...}, {"limit": ...}) come before the tweets.
        if v.get("delete").or_else(|| v.get("limit")).is_some_and(Value::is_object) {
            return Format::TwitterJson;
        }
    }
    if parsed_any {
        return Format::Jsonl;
    }
    // A long first line cut by the head, or a pretty-printed object: look at its keys.
    let has = |k: &str| text.contains(&format!("\"{k}\""));
    let compact: String = text.chars().take(200).filter(|c| !c.is_whitespace()).collect();
    if compact.starts_with("{\"data\":")
        || (has("data") && has("includes"))
        || (has("id_str") && (has("full_text") || has("user")))
    {
        Format::TwitterJson
    } else {
        Format::Jsonl
    }
}

/// What one JSON object looks like: a tweet in some shape, or `None` for anything else.
fn classify_object(v: &Value) -> Option<Format> {
    let o = v.as_object()?;
    if o.get("data").is_some_and(|d| d.is_array() || d.is_object()) {
        return Some(Format::TwitterJson);
    }
    if o.get("tweet").is_some_and(Value::is_object) {
        return Some(Format::TweetsJs);
    }
    let has = |k: &str| o.contains_key(k);
    if has("id_str") && has("text") && has("is_retweet") && !has("user") {
        return Some(Format::TrumpArchive);
    }
    if has("id_str") && (has("full_text") || has("user") || has("text") && has("created_at")) {
        return Some(Format::TwitterJson);
    }
    if has("id") && has("text") && (has("author_id") || has("edit_history_tweet_ids")) {
        return Some(Format::TwitterJson);
    }
    None
}

fn sniff_array(text: &str) -> Option<Format> {
    let first = crate::sources::first_array_element(text)?;
    match serde_json::from_str::<Value>(first) {
        Ok(v) => Some(classify_object(&v).unwrap_or(Format::Jsonl)),
        Err(_) => Some(Format::Jsonl),
    }
}

fn sniff_markup(text: &str) -> Option<Format> {
    let lower = crate::truncate(text, 2048).to_ascii_lowercase();
    let first = |tags: &[&str]| tags.iter().filter_map(|t| lower.find(t)).min();
    let feed = first(&["<rss", "<feed", "<rdf:rdf"]);
    let html = first(&["<html", "<!doctype html"]);
    match (feed, html) {
        (Some(f), Some(h)) if f < h => Some(Format::Feed),
        (Some(_), None) => Some(Format::Feed),
        (_, Some(_)) => Some(Format::Html),
        _ if first(&["<body", "<head", "<p>", "<article"]).is_some() => Some(Format::Html),
        _ => None,
    }
}

/// A header line naming a known text column, with commas, semicolons or tabs: CSV.
fn sniff_csv(text: &str) -> Option<Format> {
    header_columns(text, &[',', ';', '\t']).map(|_| Format::Csv)
}

/// Whether the first line is a tab-separated header that names a known text column.
fn is_tab_table(head: &[u8]) -> bool {
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    header_columns(&String::from_utf8_lossy(head), &['\t']).is_some()
}

/// The columns of a header line split by the first of `seps` that splits it, when there are
/// several and one is a known text column.
fn header_columns(text: &str, seps: &[char]) -> Option<Vec<String>> {
    let header = text.lines().next()?.to_ascii_lowercase();
    let sep = seps.iter().copied().find(|s| header.contains(*s))?;
    let cols: Vec<String> =
        header.split(sep).map(|c| c.trim().trim_matches('"').to_owned()).collect();
    let known = Field::Text.default_columns();
    (cols.len() > 1 && cols.iter().any(|c| known.contains(&c.as_str()))).then_some(cols)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detect010_table() {
        let v1 = r#"{"created_at":"Wed Nov 13 21:04:14 +0000 2019","id_str":"1","full_text":"x","user":{"screen_name":"a"}}"#;
        let v2_page = r#"{"data":[{"id":"1","text":"x","author_id":"2"}],"includes":{"users":[]}}"#;
        let v2_tweet =
            r#"{"id":"1","text":"x","author_id":"2","created_at":"2020-01-01T00:00:00Z"}"#;
        let trump = r#"[{"source": "Twitter for iPhone", "id_str": "947824196909961216", "text": "x", "created_at": "Mon Jan 01 13:37:52 +0000 2018", "retweet_count": 1, "in_reply_to_user_id_str": null, "favorite_count": 2, "is_retweet": false}]"#;
        let tweets_js = "window.YTD.tweets.part0 = [ {\n  \"tweet\" : { \"id_str\" : \"1\" } } ]";
        let rows: &[(&str, &str, Option<Format>)] = &[
            ("a.jsonl", r#"{"text":"halo"}"#, Some(Format::Jsonl)),
            ("a.jsonl", v1, Some(Format::TwitterJson)),
            ("-", v1, Some(Format::TwitterJson)),
            ("-", v2_page, Some(Format::TwitterJson)),
            ("-", v2_tweet, Some(Format::TwitterJson)),
            ("-", "{\n  \"data\": [\n", Some(Format::TwitterJson)),
            ("condensed_2017.json", trump, Some(Format::TrumpArchive)),
            ("-", trump, Some(Format::TrumpArchive)),
            ("tweets.js", tweets_js, Some(Format::TweetsJs)),
            ("-", tweets_js, Some(Format::TweetsJs)),
            ("-", &format!("[{v1}]"), Some(Format::TwitterJson)),
            ("-", r#"[{"content":"x"}]"#, Some(Format::Jsonl)),
            ("-", "{\"text\":\"halo\"}\n", Some(Format::Jsonl)),
            ("feed", "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel>", Some(Format::Feed)),
            ("-", "<feed xmlns=\"http://www.w3.org/2005/Atom\">", Some(Format::Feed)),
            ("page.xml", "<?xml version=\"1.0\"?><rss>", Some(Format::Feed)),
            ("-", "<!DOCTYPE html><html><head>", Some(Format::Html)),
            ("-", "\u{feff}<html lang=\"id\">", Some(Format::Html)),
            ("page.htm", "whatever", Some(Format::Html)),
            ("ira.csv", "author_id,author,content", Some(Format::Csv)),
            ("jokowi.tsv", "id\ttext", Some(Format::Csv)),
            ("-", "id;text;created", Some(Format::Csv)),
            ("export.txt", "id\ttext\tcreated\n1\tx\t2019-01-01", Some(Format::Csv)),
            ("notes.txt", "text and more\tnot a table", Some(Format::Text)),
            ("notes.txt", "Text, images and sound", Some(Format::Text)),
            ("-", "created_at,id,clean_text,favorite_count", Some(Format::Csv)),
            ("article.txt", "Ada pula diplomasi publik", Some(Format::Text)),
            ("-", "Ada pula diplomasi publik", None),
            ("-", "", None),
            ("-", "<?xml version=\"1.0\"?><svg>", None),
            ("data.bin", "\u{0}\u{1}", None),
            (
                "result.json",
                "{\n \"name\": \"Kemlu RI\",\n \"type\": \"public_channel\",\n \"id\": 1,\n \"messages\": [\n",
                Some(Format::Telegram),
            ),
            (
                "-",
                "{\"name\":\"A\",\"type\":\"private_group\",\"id\":2,\"messages\":[]}",
                Some(Format::Telegram),
            ),
            (
                "result.json",
                "{\n \"about\": \"Here is the data you requested.\",\n \"personal_information\": {",
                Some(Format::Telegram),
            ),
            ("posts.jsonl", "{\"type\":\"public_channel\",\"text\":\"x\"}", Some(Format::Jsonl)),
        ];
        for (name, head, want) in rows {
            assert_eq!(detect(name, head.as_bytes()), *want, "{name}: {head}");
        }
    }
}
