//! Column maps: which CSV column or JSON field holds which [`RawDoc`](crate::RawDoc) field.

use crate::{Error, Result};

macro_rules! fields {
    ($( $var:ident => $name:literal, [$($alias:literal),*], $doc:literal; )*) => {
        /// A [`RawDoc`](crate::RawDoc) field that a column can fill.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Field {
            $( #[doc = $doc] $var, )*
        }

        impl Field {
            /// Every field.
            pub const ALL: &[Field] = &[$(Field::$var,)*];

            /// The field's name in a column map.
            pub fn name(self) -> &'static str {
                match self { $(Field::$var => $name,)* }
            }

            /// Column names recognised for this field when no map names one, in order of
            /// preference (compared case-insensitively).
            pub fn default_columns(self) -> &'static [&'static str] {
                match self { $(Field::$var => &[$($alias),*],)* }
            }
        }
    };
}

fields! {
    Id => "id", ["id_str", "id", "tweet_id", "status_id", "post_id"], "The platform's id of the post.";
    Text => "text", ["full_text", "text", "content", "clean_text", "tweet", "body", "message"],
        "The text.";
    CreatedAt => "created_at",
        ["created_at", "created", "publish_date", "date", "timestamp", "time", "datetime", "published", "published_at", "created_time", "createdAt"],
        "The publication date.";
    Author => "author",
        ["author", "user.screen_name", "user.username", "user", "username", "screen_name", "screenName", "user_screen_name", "handle"],
        "The author's handle.";
    AuthorName => "author_name", ["author_name", "user.name", "user_name", "display_name"],
        "The author's display name.";
    Lang => "lang", ["lang", "language"], "The platform's language tag.";
    Url => "url", ["url", "link", "permalink"], "The canonical URL.";
    Title => "title", ["title", "headline"], "The title.";
    Followers => "followers",
        ["followers", "followers_count", "user.followers_count", "user_followers_count", "author_followers"],
        "The author's follower count.";
    Reshares => "reshares", ["retweet_count", "retweetCount", "retweets", "reshares", "share_count", "reposts"],
        "Reshare count.";
    Likes => "likes", ["favorite_count", "favoriteCount", "like_count", "likes", "favourite_count"], "Like count.";
    Replies => "replies", ["reply_count", "replies"], "Reply count.";
    Quotes => "quotes", ["quote_count", "quotes"], "Quote count.";
    ReplyTo => "reply_to", ["in_reply_to_status_id_str", "in_reply_to_status_id", "replyToSID", "reply_to"],
        "Id of the post replied to.";
    ReshareOf => "reshare_of", ["retweeted_status_id", "reshare_of"], "Id of the post reshared.";
    QuoteOf => "quote_of", ["quoted_status_id_str", "quoted_status_id", "quote_of"],
        "Id of the post quoted.";
    Platform => "platform", ["platform"], "The platform.";
}

impl Field {
    /// Parses a field name.
    pub fn parse(s: &str) -> Option<Field> {
        let s = s.trim().to_ascii_lowercase();
        Field::ALL.iter().copied().find(|f| f.name() == s)
    }

    pub(crate) fn names() -> String {
        Field::ALL.iter().map(|f| f.name()).collect::<Vec<_>>().join(", ")
    }
}

/// Which column (CSV header) or JSON field (a dotted path such as `user.screen_name` in
/// JSONL) holds which [`Field`].
///
/// Parsed from `field=column` pairs separated by commas:
/// `text=content,created_at=publish_date,lang=language`. Fields the map does not name are
/// looked up under common column names ([`Field::default_columns`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ColumnMap {
    entries: Vec<(Field, String)>,
}

impl ColumnMap {
    /// Parses `field=column,...`; an unknown field is an error that names it and lists the
    /// valid ones. An empty spec is the empty map.
    pub fn parse(spec: &str) -> Result<ColumnMap> {
        let mut entries: Vec<(Field, String)> = Vec::new();
        for entry in spec.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            let (field, column) = entry
                .split_once('=')
                .filter(|(f, c)| !f.trim().is_empty() && !c.trim().is_empty())
                .ok_or_else(|| Error::BadMapEntry { entry: entry.to_owned() })?;
            let field = Field::parse(field)
                .ok_or_else(|| Error::UnknownField { field: field.trim().to_owned() })?;
            entries.retain(|(f, _)| *f != field);
            entries.push((field, column.trim().to_owned()));
        }
        Ok(ColumnMap { entries })
    }

    /// The column the map names for `field`, if any.
    pub fn get(&self, field: Field) -> Option<&str> {
        self.entries.iter().find(|(f, _)| *f == field).map(|(_, c)| c.as_str())
    }

    /// Whether the map names no column.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl std::str::FromStr for ColumnMap {
    type Err = Error;
    fn from_str(s: &str) -> Result<ColumnMap> {
        ColumnMap::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn map010_parse() {
        let m = ColumnMap::parse(
            "text=content, created_at=publish_date,lang=language,author=author,id=tweet_id",
        )
        .unwrap();
        assert_eq!(m.get(Field::Text), Some("content"));
        assert_eq!(m.get(Field::CreatedAt), Some("publish_date"));
        assert_eq!(m.get(Field::Lang), Some("language"));
        assert_eq!(m.get(Field::Id), Some("tweet_id"));
        assert_eq!(m.get(Field::Likes), None);
        assert!(ColumnMap::parse("").unwrap().is_empty());
        // The last entry for a field wins.
        assert_eq!(ColumnMap::parse("text=a,text=b").unwrap().get(Field::Text), Some("b"));
    }

    #[test]
    fn map020_errors() {
        let err = ColumnMap::parse("text=content,body=x").unwrap_err().to_string();
        assert!(err.contains("'body'"), "{err}");
        assert!(err.contains("created_at") && err.contains("quote_of"), "{err}");
        let err = ColumnMap::parse("text").unwrap_err().to_string();
        assert!(err.contains("'text'") && err.contains("field=column"), "{err}");
        assert!(ColumnMap::parse("text=").is_err());
    }

    #[test]
    fn map040_common_exports_columns() {
        // R's twitteR (twListToDF) writes `created`, `screenName`, `favoriteCount`,
        // `retweetCount`, `replyToSID`; rtweet and the API write snake_case.
        let rows: &[(&str, Field)] = &[
            ("created", Field::CreatedAt),
            ("created_at", Field::CreatedAt),
            ("createdAt", Field::CreatedAt),
            ("screenName", Field::Author),
            ("favoriteCount", Field::Likes),
            ("retweetCount", Field::Reshares),
            ("replyToSID", Field::ReplyTo),
        ];
        for (col, field) in rows {
            assert!(field.default_columns().contains(col), "{col} for {}", field.name());
        }
        // Earlier names win: an export with both `created_at` and `created` reads `created_at`.
        let dates = Field::CreatedAt.default_columns();
        assert_eq!(dates.first(), Some(&"created_at"));
        assert_eq!(dates.get(1), Some(&"created"));
    }

    #[test]
    fn map030_names_unique() {
        for f in Field::ALL {
            assert_eq!(Field::parse(f.name()), Some(*f));
        }
    }
}
