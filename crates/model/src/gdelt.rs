//! Rows of GDELT 2.0 files as read: events, mentions and GKG records (GDELT's own coding of the
//! news, kept beside citra's so that the two can be compared).
//!
//! Column meanings are GDELT's: the GDELT 2.0 Event Database codebook (events and mentions
//! tables) and the GDELT Global Knowledge Graph 2.1 codebook. Country codes: `*_country` are
//! ISO 3166 alpha-3 (CAMEO's country codes mapped, see the ingest crate); `*_country_raw` the
//! CAMEO code as written; geographic country codes are FIPS 10-4, as GDELT writes them.

use crate::Quad;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Which GDELT 2.0 file a row comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GdeltKind {
    /// The 15-minute events export, `YYYYMMDDHHMMSS.export.CSV`: 61 tab-separated columns.
    Events,
    /// The mentions file, `YYYYMMDDHHMMSS.mentions.CSV`: 16 columns.
    Mentions,
    /// The Global Knowledge Graph 2.1, `YYYYMMDDHHMMSS.gkg.csv`: 27 columns.
    Gkg,
}

impl GdeltKind {
    /// The name used in storage and output: `events`, `mentions`, `gkg`.
    pub fn as_str(self) -> &'static str {
        match self {
            GdeltKind::Events => "events",
            GdeltKind::Mentions => "mentions",
            GdeltKind::Gkg => "gkg",
        }
    }

    /// The number of tab-separated columns of a row.
    pub fn columns(self) -> usize {
        match self {
            GdeltKind::Events => 61,
            GdeltKind::Mentions => 16,
            GdeltKind::Gkg => 27,
        }
    }
}

/// One actor of an event (Actor1 or Actor2 of the codebook).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GdeltActor {
    /// The full CAMEO actor code (`USAGOV`), if any.
    pub code: Option<String>,
    /// The actor's name as GDELT found it (`UNITED STATES`).
    pub name: Option<String>,
    /// The CAMEO country code as written (`USA`, `ROM`, `WSB`, a region such as `EUR`).
    pub country_raw: Option<String>,
    /// The country as ISO 3166 alpha-3 (`ROM` → `ROU`); `None` for regions and unknown codes.
    pub country: Option<String>,
}

/// One row of an events export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GdeltEvent {
    /// GLOBALEVENTID: unique across GDELT.
    pub id: i64,
    /// SQLDATE: the day of the event.
    pub day: NaiveDate,
    /// Actor1: who acts.
    pub actor1: GdeltActor,
    /// Actor2: toward whom.
    pub actor2: GdeltActor,
    /// IsRootEvent: the event is in the lead paragraph.
    pub is_root: bool,
    /// EventCode: the CAMEO action code (`043`, `1382`).
    pub code: String,
    /// EventBaseCode: its level-two code.
    pub base_code: String,
    /// EventRootCode: its root (`04`).
    pub root_code: String,
    /// QuadClass, 1–4: verbal cooperation, material cooperation, verbal conflict, material
    /// conflict.
    pub quad: Quad,
    /// GoldsteinScale, −10 to 10.
    pub goldstein: f64,
    /// NumMentions.
    pub num_mentions: u64,
    /// NumSources.
    pub num_sources: u64,
    /// NumArticles.
    pub num_articles: u64,
    /// AvgTone: the mean tone of the documents that mention the event, −100 to 100 (most
    /// between −10 and 10).
    pub avg_tone: f64,
    /// ActionGeo_CountryCode (FIPS 10-4), if any.
    pub action_country: Option<String>,
    /// DATEADDED: when GDELT added the event (UTC, to 15 minutes).
    pub added: DateTime<Utc>,
    /// SOURCEURL: the first article (or citation) that reported it.
    pub source_url: Option<String>,
}

/// One row of a mentions file: an article that mentions an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GdeltMention {
    /// GLOBALEVENTID of the event mentioned.
    pub event_id: i64,
    /// EventTimeDate: when the event was first seen.
    pub event_time: Option<DateTime<Utc>>,
    /// MentionTimeDate: when this mention was seen.
    pub mention_time: DateTime<Utc>,
    /// MentionType: 1 web, 2 citation only, 3 CORE, 4 DTIC, 5 JSTOR, 6 non-textual.
    pub mention_type: u8,
    /// MentionSourceName (a domain for web articles).
    pub source_name: Option<String>,
    /// MentionIdentifier: the article's URL for web articles.
    pub identifier: String,
    /// SentenceID: the sentence of the article holding the event (1-based).
    pub sentence: i64,
    /// Confidence: GDELT's confidence in the extraction, 10–100.
    pub confidence: u8,
    /// MentionDocTone: the article's tone, −100 to 100.
    pub doc_tone: f64,
}

/// One GKG 2.1 record, kept lean: what relates an article to its tone and places.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GdeltGkg {
    /// GKGRECORDID (`20190607000000-12`).
    pub record_id: String,
    /// V2.1DATE.
    pub date: DateTime<Utc>,
    /// V2SOURCECOMMONNAME.
    pub source_name: Option<String>,
    /// V2DOCUMENTIDENTIFIER: the article's URL for web sources.
    pub document: String,
    /// The first value of V1.5TONE: the article's tone, −100 to 100.
    pub tone: Option<f64>,
    /// The distinct FIPS country codes of V2ENHANCEDLOCATIONS (else V1LOCATIONS), in order.
    pub countries: Vec<String>,
}

/// One row of any GDELT file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum GdeltRow {
    /// An events-export row (boxed: it is the largest by far).
    Event(Box<GdeltEvent>),
    /// A mentions row.
    Mention(GdeltMention),
    /// A GKG row.
    Gkg(GdeltGkg),
}
