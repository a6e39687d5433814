//! The `citra watch` configuration file (TOML), and the sources it names as [`Task`]s.
//!
//! ```toml
//! poll_interval = "5m"   # how often each source is polled (default 5m)
//! timeout = "30s"        # per request (default 30s)
//!
//! [[source]]
//! kind = "bluesky"                      # the public AppView, no login
//! accounts = ["kemlu.go.id"]            # handles or DIDs
//! queries = ["Indonesia diplomasi"]     # searchPosts, newest first
//! lang = "id"                           # queries only
//! since = "2024-01-01"                  # how far back the first pass goes (and search since)
//!
//! [[source]]
//! kind = "mastodon"
//! instance = "https://mastodon.social"
//! accounts = ["UN"]
//! hashtags = ["diplomacy"]
//! public = "local"                      # or "all"; omit for none
//!
//! [[source]]
//! kind = "rss"
//! feeds = ["https://www.kemlu.go.id/rss"]
//! feed_list = "feeds.opml"              # or a text file, one URL a line; relative to this file
//! articles = true                       # fetch each new item's page for its main text
//!
//! [[source]]
//! kind = "jetstream"
//! dids = ["did:plc:…"]                  # empty: everyone
//! collections = ["app.bsky.feed.post", "app.bsky.feed.repost"]
//! ```
//!
//! Every source also takes `poll_interval` and `min_interval` (the least time between two
//! requests to its host; defaults: Bluesky 100 ms, Mastodon 1 s, feeds 1 s). Durations are a
//! number and a unit: `ms`, `s`, `m`, `h`, `d`.

use crate::bluesky::{self, Bluesky};
use crate::jetstream::Jetstream;
use crate::mastodon::{self, Mastodon};
use crate::run::{Feed, PollOptions};
use serde::Deserialize;
use std::path::Path;
use std::time::Duration;

/// The file as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Default poll interval.
    #[serde(default)]
    pub poll_interval: Option<String>,
    /// Request timeout.
    #[serde(default)]
    pub timeout: Option<String>,
    /// The sources.
    #[serde(default)]
    pub source: Vec<SourceConfig>,
}

/// One `[[source]]` table.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceConfig {
    /// `bluesky`, `mastodon`, `rss` or `jetstream`.
    pub kind: String,
    /// Accounts (Bluesky handles or DIDs; Mastodon `user` or `user@host`).
    #[serde(default)]
    pub accounts: Vec<String>,
    /// Bluesky search queries.
    #[serde(default)]
    pub queries: Vec<String>,
    /// Mastodon hashtags.
    #[serde(default)]
    pub hashtags: Vec<String>,
    /// Mastodon public timeline: `local` or `all`.
    #[serde(default)]
    pub public: Option<String>,
    /// Bluesky AppView (default the public one).
    #[serde(default)]
    pub appview: Option<String>,
    /// Mastodon instance URL.
    #[serde(default)]
    pub instance: Option<String>,
    /// Language of Bluesky queries.
    #[serde(default)]
    pub lang: Option<String>,
    /// How far back a first pass reads (a date or RFC 3339 time).
    #[serde(default)]
    pub since: Option<String>,
    /// Bluesky queries: posts before this.
    #[serde(default)]
    pub until: Option<String>,
    /// Feed URLs.
    #[serde(default)]
    pub feeds: Vec<String>,
    /// A feed list file (OPML or one URL a line), relative to the config file.
    #[serde(default)]
    pub feed_list: Option<String>,
    /// Fetch each new feed item's page.
    #[serde(default)]
    pub articles: bool,
    /// Jetstream URL.
    #[serde(default)]
    pub url: Option<String>,
    /// Jetstream DIDs.
    #[serde(default)]
    pub dids: Vec<String>,
    /// Jetstream collections.
    #[serde(default)]
    pub collections: Vec<String>,
    /// This source's poll interval.
    #[serde(default)]
    pub poll_interval: Option<String>,
    /// The least time between two requests to this source's host.
    #[serde(default)]
    pub min_interval: Option<String>,
}

/// What a task reads.
pub enum TaskKind {
    /// A paged source (Bluesky, Mastodon) with its limits.
    Paged(Box<dyn Feed + Send>, PollOptions),
    /// A feed.
    Rss {
        /// Its URL.
        url: String,
        /// Fetch the items' pages.
        articles: bool,
    },
    /// A Jetstream subscription.
    Stream(Jetstream),
}

/// One source to poll, with its schedule.
pub struct Task {
    /// What it reads.
    pub kind: TaskKind,
    /// How often.
    pub interval: Duration,
    /// The host it asks and the least time between two requests to it.
    pub host: String,
    /// That least time.
    pub min_interval: Duration,
}

impl Task {
    /// The source key (as stored in `cursors`).
    pub fn key(&self) -> String {
        match &self.kind {
            TaskKind::Paged(f, _) => f.key().to_owned(),
            TaskKind::Rss { url, .. } => crate::rss::key(url),
            TaskKind::Stream(js) => js.key(),
        }
    }
}

/// `100ms`, `30s`, `5m`, `2h`, `1d`.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit() && c != '.').unwrap_or(s.len());
    let (n, unit) = s.split_at(split);
    let n: f64 = n
        .parse()
        .map_err(|_| format!("'{s}' is not a duration: write e.g. 100ms, 30s, 5m, 2h or 1d"))?;
    let secs = match unit.trim() {
        "ms" => n / 1000.0,
        "s" | "" => n,
        "m" | "min" => n * 60.0,
        "h" => n * 3600.0,
        "d" => n * 86400.0,
        u => return Err(format!("'{s}': unknown unit '{u}': use ms, s, m, h or d")),
    };
    if !secs.is_finite() || secs < 0.0 {
        return Err(format!("'{s}' is not a duration"));
    }
    Ok(Duration::from_secs_f64(secs))
}

/// A `since` as the sort key it bounds: a date is its midnight UTC.
pub fn since_key(s: &str) -> Result<String, String> {
    let t = if let Ok(t) = chrono::DateTime::parse_from_rfc3339(s) {
        t.with_timezone(&chrono::Utc)
    } else {
        let d = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map_err(|_| format!("since '{s}' is not a date (YYYY-MM-DD) or an RFC 3339 time"))?;
        d.and_hms_opt(0, 0, 0).map(|t| t.and_utc()).ok_or_else(|| format!("since '{s}'"))?
    };
    Ok(bluesky::time_key(t))
}

impl Config {
    /// Reads and checks a config file; errors name the file and, from TOML, the line.
    pub fn read(path: &Path) -> Result<Config, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// The request timeout.
    pub fn timeout(&self) -> Result<Duration, String> {
        self.timeout.as_deref().map_or(Ok(Duration::from_secs(30)), parse_duration)
    }

    /// The tasks the file names; `dir` is where relative paths start.
    pub fn tasks(&self, dir: &Path) -> Result<Vec<Task>, String> {
        let default_interval =
            self.poll_interval.as_deref().map_or(Ok(Duration::from_secs(300)), parse_duration)?;
        let mut tasks = Vec::new();
        for (i, s) in self.source.iter().enumerate() {
            let at = format!("[[source]] {} ({})", i + 1, s.kind);
            let interval = s
                .poll_interval
                .as_deref()
                .map_or(Ok(default_interval), parse_duration)
                .map_err(|e| format!("{at}: poll_interval {e}"))?;
            let min = |default: Duration| {
                s.min_interval
                    .as_deref()
                    .map_or(Ok(default), parse_duration)
                    .map_err(|e| format!("{at}: min_interval {e}"))
            };
            let since =
                s.since.as_deref().map(since_key).transpose().map_err(|e| format!("{at}: {e}"))?;
            let opts = PollOptions { since: since.clone(), max_pages: None };
            match s.kind.as_str() {
                "bluesky" => {
                    let appview =
                        s.appview.clone().unwrap_or_else(|| bluesky::DEFAULT_APPVIEW.to_owned());
                    let host = crate::http::host_of(&appview).to_owned();
                    let min_interval = min(crate::http::BLUESKY_INTERVAL)?;
                    let mut targets: Vec<bluesky::Target> =
                        s.accounts.iter().map(|a| bluesky::Target::Author(a.clone())).collect();
                    targets.extend(s.queries.iter().map(|q| bluesky::Target::Search {
                        q: q.clone(),
                        lang: s.lang.clone(),
                        since: s.since.clone(),
                        until: s.until.clone(),
                    }));
                    if targets.is_empty() {
                        return Err(format!("{at}: name `accounts` or `queries`"));
                    }
                    for t in targets {
                        tasks.push(Task {
                            kind: TaskKind::Paged(
                                Box::new(Bluesky::new(&appview, t)),
                                opts.clone(),
                            ),
                            interval,
                            host: host.clone(),
                            min_interval,
                        });
                    }
                }
                "mastodon" => {
                    let instance = s.instance.clone().ok_or_else(|| {
                        format!("{at}: `instance` is required (e.g. \"https://mastodon.social\")")
                    })?;
                    let host = crate::http::host_of(&instance).to_owned();
                    let min_interval = min(crate::http::MASTODON_INTERVAL)?;
                    let mut targets: Vec<mastodon::Target> =
                        s.accounts.iter().map(|a| mastodon::Target::Account(a.clone())).collect();
                    targets.extend(s.hashtags.iter().map(|h| mastodon::Target::Hashtag(h.clone())));
                    match s.public.as_deref() {
                        None => {}
                        Some("local") => targets.push(mastodon::Target::Public(true)),
                        Some("all") => targets.push(mastodon::Target::Public(false)),
                        Some(p) => {
                            return Err(format!(
                                "{at}: public = \"{p}\": use \"local\" or \"all\""
                            ));
                        }
                    }
                    if targets.is_empty() {
                        return Err(format!("{at}: name `accounts`, `hashtags` or `public`"));
                    }
                    for t in targets {
                        tasks.push(Task {
                            kind: TaskKind::Paged(
                                Box::new(Mastodon::new(&instance, t)),
                                opts.clone(),
                            ),
                            interval,
                            host: host.clone(),
                            min_interval,
                        });
                    }
                }
                "rss" => {
                    let min_interval = min(crate::http::FEED_INTERVAL)?;
                    let mut feeds = s.feeds.clone();
                    if let Some(list) = &s.feed_list {
                        let p = dir.join(list);
                        let text = std::fs::read_to_string(&p)
                            .map_err(|e| format!("{at}: feed_list {}: {e}", p.display()))?;
                        feeds.extend(crate::rss::read_feed_list(&text));
                    }
                    if feeds.is_empty() {
                        return Err(format!("{at}: name `feeds` or a `feed_list`"));
                    }
                    for url in feeds {
                        tasks.push(Task {
                            host: crate::http::host_of(&url).to_owned(),
                            kind: TaskKind::Rss { url, articles: s.articles },
                            interval,
                            min_interval,
                        });
                    }
                }
                "jetstream" => {
                    let url =
                        s.url.clone().unwrap_or_else(|| crate::jetstream::DEFAULT_URL.to_owned());
                    tasks.push(Task {
                        host: crate::http::host_of(&url).to_owned(),
                        kind: TaskKind::Stream(Jetstream {
                            url,
                            collections: s.collections.clone(),
                            dids: s.dids.clone(),
                        }),
                        interval,
                        min_interval: Duration::ZERO,
                    });
                }
                k => {
                    return Err(format!(
                        "{at}: unknown kind '{k}': use bluesky, mastodon, rss or jetstream"
                    ));
                }
            }
        }
        Ok(tasks)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duration010() {
        for (s, ms) in [
            ("100ms", 100),
            ("30s", 30_000),
            ("5m", 300_000),
            ("2h", 7_200_000),
            ("1d", 86_400_000),
            ("1.5s", 1500),
        ] {
            assert_eq!(parse_duration(s).unwrap().as_millis(), ms, "{s}");
        }
        assert!(parse_duration("5 weeks").unwrap_err().contains("unknown unit"));
        assert!(parse_duration("soon").is_err());
    }

    #[test]
    fn config010_tasks_and_errors() {
        let c: Config = toml::from_str(
            r#"
            poll_interval = "2m"
            [[source]]
            kind = "bluesky"
            accounts = ["kemlu.go.id"]
            queries = ["Indonesia"]
            lang = "id"
            since = "2024-01-01"
            [[source]]
            kind = "mastodon"
            instance = "https://mastodon.social"
            hashtags = ["diplomacy"]
            public = "local"
            poll_interval = "10m"
            [[source]]
            kind = "rss"
            feeds = ["https://a.example/rss"]
            [[source]]
            kind = "jetstream"
            "#,
        )
        .unwrap();
        let tasks = c.tasks(Path::new(".")).unwrap();
        let keys: Vec<String> = tasks.iter().map(Task::key).collect();
        assert_eq!(
            keys,
            vec![
                "bluesky:author:kemlu.go.id",
                "bluesky:search:Indonesia lang=id since=2024-01-01",
                "mastodon:mastodon.social:tag:diplomacy",
                "mastodon:mastodon.social:public:local",
                "rss:https://a.example/rss",
                "jetstream:wss://jetstream2.us-east.bsky.network/subscribe",
            ]
        );
        assert_eq!(tasks[0].interval, Duration::from_secs(120));
        assert_eq!(tasks[2].interval, Duration::from_secs(600));
        assert_eq!(tasks[2].min_interval, Duration::from_secs(1));
        let bad = |t: &str| -> String {
            match toml::from_str::<Config>(t) {
                Err(e) => e.to_string(),
                Ok(c) => c.tasks(Path::new(".")).err().unwrap_or_default(),
            }
        };
        assert!(bad("[[source]]\nkind = \"myspace\"\n").contains("unknown kind 'myspace'"));
        assert!(
            bad("[[source]]\nkind = \"mastodon\"\nhashtags=[\"x\"]\n")
                .contains("`instance` is required")
        );
        assert!(
            bad("[[source]]\nkind = \"bluesky\"\naccount = [\"x\"]\n")
                .contains("unknown field `account`")
        );
        assert!(bad("[[source]]\nkind = \"bluesky\"\n").contains("name `accounts` or `queries`"));
    }
}
