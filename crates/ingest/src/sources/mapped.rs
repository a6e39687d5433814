//! Building a [`RawDoc`] from a record whose fields are named by a column map (JSONL, CSV).

use super::{clean_id, parse_count};
use crate::columns::Field;
use crate::date::{DATE_FORMATS_HELP, from_parts, parse_date};
use crate::{RawDoc, Record, RecordError, SourceRef};
use citra_model::{Engagement, Lang};

/// Column names that mark a record as coming from X/Twitter when no platform is given.
pub(super) const TWITTER_COLUMNS: &[&str] = &[
    "id_str",
    "tweet_id",
    "retweet_count",
    "favorite_count",
    "in_reply_to_status_id",
    "in_reply_to_status_id_str",
    "is_retweet",
    "screen_name",
    "retweet",
    // R's twitteR export.
    "screenName",
    "retweetCount",
    "favoriteCount",
    "isRetweet",
    "replyToSID",
];

/// Where a record came from and how to describe its columns in messages.
pub(super) struct RecordCtx<'a> {
    pub(super) path: &'a str,
    pub(super) line: u64,
    /// The raw record, made only when the record is rejected.
    pub(super) raw: &'a dyn Fn() -> String,
    /// The column read for the text, if any, for messages.
    pub(super) text_column: Option<&'a str>,
    /// The column read for the date, if any, for messages.
    pub(super) date_column: Option<&'a str>,
    /// The platform to use when the record names none.
    pub(super) default_platform: &'a str,
}

/// Builds the document from field values; `parts` are split day/month/year/time values.
pub(super) fn build(
    ctx: &RecordCtx<'_>,
    get: &mut dyn FnMut(Field) -> Option<String>,
    parts: Option<[String; 4]>,
) -> Record {
    let reject = |reason: String| Err(RecordError::new(ctx.path, ctx.line, reason, &(ctx.raw)()));
    let text = match (get(Field::Text), ctx.text_column) {
        (Some(t), _) if !t.trim().is_empty() => t,
        (_, Some(col)) => return reject(format!("text: empty or missing in column '{col}'")),
        (_, None) => {
            return reject(format!(
                "text: no text field (looked for {}): name it so, or tell `citra ingest` which \
                 field holds the text with --map text=FIELD",
                Field::Text.default_columns().join(", ")
            ));
        }
    };
    let created_at = match get(Field::CreatedAt).filter(|d| !d.trim().is_empty()) {
        Some(d) => match parse_date(&d) {
            Some(t) => Some(t),
            None => {
                let col = ctx.date_column.unwrap_or("created_at");
                return reject(format!(
                    "created_at: cannot parse '{}' in column '{col}' (expected {DATE_FORMATS_HELP})",
                    crate::truncate(&d, 100)
                ));
            }
        },
        None => match parts {
            Some([d, m, y, t]) => match from_parts(&d, &m, &y, &t) {
                Some(t) => Some(t),
                None => {
                    return reject(format!(
                        "created_at: cannot parse day '{d}', month '{m}', year '{y}', time '{t}' \
                         (Tanggal/Bulan/Tahun/Jam columns; expected e.g. 07, 12, 2017, 05:06:48)"
                    ));
                }
            },
            None if ctx.date_column.is_some() => {
                return reject(format!(
                    "created_at: empty in column '{}'",
                    ctx.date_column.unwrap_or("created_at")
                ));
            }
            None => None,
        },
    };
    let count = |v: Option<String>| v.as_deref().and_then(parse_count);
    let id = |v: Option<String>| v.as_deref().and_then(clean_id);
    let nonempty = |v: Option<String>| v.filter(|s| !s.trim().is_empty());
    Ok(RawDoc {
        platform: nonempty(get(Field::Platform))
            .map(|p| p.trim().to_ascii_lowercase())
            .unwrap_or_else(|| ctx.default_platform.to_owned()),
        native_id: id(get(Field::Id)),
        url: nonempty(get(Field::Url)).map(|u| u.trim().to_owned()),
        author: nonempty(get(Field::Author)).map(|a| a.trim().trim_start_matches('@').to_owned()),
        author_name: nonempty(get(Field::AuthorName)),
        author_followers: count(get(Field::Followers)),
        created_at,
        title: nonempty(get(Field::Title)),
        text,
        lang_hint: nonempty(get(Field::Lang)).map(|l| lang_hint(&l)),
        engagement: Engagement {
            reshares: count(get(Field::Reshares)),
            likes: count(get(Field::Likes)),
            replies: count(get(Field::Replies)),
            quotes: count(get(Field::Quotes)),
        },
        reply_to: id(get(Field::ReplyTo)),
        reshare_of: id(get(Field::ReshareOf)),
        quote_of: id(get(Field::QuoteOf)),
        source: SourceRef { path: ctx.path.to_owned(), line: ctx.line },
    })
}

/// A language value as a hint: language names ("English") become their code ("en"); codes
/// and anything unknown stay as written.
pub(super) fn lang_hint(v: &str) -> String {
    let v = v.trim();
    if v.len() > 3 && !v.contains(['-', '_']) {
        let l = Lang::from_code(v);
        if l != Lang::Und {
            return l.code().to_owned();
        }
    }
    v.to_owned()
}
