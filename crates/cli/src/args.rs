//! Command-line arguments as the user typed them ("low" arguments).

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// citra measures public diplomacy: which actors say what about which countries, with what
/// tone, and what it does to each country's international image, day by day.
#[derive(Debug, Parser)]
#[command(name = "citra", version, about, long_about = None)]
pub(crate) struct Cli {
    /// The SQLite store to use (created on first use).
    #[arg(long, global = true, env = "CITRA_DB", default_value = "citra.db")]
    pub(crate) db: PathBuf,
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Create (or migrate) the store and print its schema version.
    Init,
    /// Read posts and articles into the store, annotating each one.
    Ingest(IngestArgs),
    /// The citra index of a country per period.
    Image(ImageArgs),
    /// Find the countries and actors a text talks about, with spans and tone.
    Mentions(MentionsArgs),
    /// Measure quality on a gold file.
    Eval(EvalArgs),
    /// Records rejected by ingest, with their source, line and reason.
    Rejected(RejectedArgs),
    /// Build a fresh store from the corpus shipped with citra and show what it says.
    Demo(DemoArgs),
    /// Serve the JSON API and the web dashboard (loopback only by default).
    Serve(ServeArgs),
    /// Change points in a country's citra index (PELT), with sizes and intervals.
    Shocks(ShocksArgs),
    /// The posts and actors that moved a country's index, with the sentences that carry it.
    Explain(ExplainArgs),
    /// A country's index inside a topic against outside it, before and after a date.
    Campaign(CampaignArgs),
    /// Diffusion cascades (size, depth, breadth, structural virality), or reach from counts.
    Cascades(CascadesArgs),
    /// Actor leaderboard: posts, engagement, countries talked about, tone given and received.
    Actors(ActorsArgs),
    /// Coordinated amplification: accounts that repeatedly post the same text, reshare the
    /// same post or share the same URL within seconds of each other, as a weighted account
    /// network with its clusters and their evidence.
    Coordination(CoordinationArgs),
    /// Near-duplicate stories: posts whose texts are copies of each other (wire copies,
    /// copy-paste campaigns, retweets without ids), with their first poster and spread in time.
    Stories(StoriesArgs),
    /// The answers of other countries' officials to a post with reach (a coded action or a
    /// strong tone toward a country): replies, quotes and posts naming its country or target
    /// within a window, with delay, tone, action and reach ratio.
    Reactions(ReactionsArgs),
    /// The attacks on a country by other countries' officials, its officials' answers, and
    /// whether its citra index recovered afterwards.
    Rebuttals(RebuttalsArgs),
    /// The directed country → country graph with tone and volume (table, GraphML, GEXF).
    Relations(RelationsArgs),
    /// Where citra's coded events and GDELT's agree on the articles both coded (the stored
    /// documents whose URL is a GDELT SOURCEURL or MentionIdentifier).
    CompareGdelt(CompareGdeltArgs),
    /// One self-contained HTML report: image charts with shocks, what moved them, actors,
    /// relations (English or Bahasa Indonesia).
    Report(ReportArgs),
    /// Pull one live source into the store (Bluesky, Mastodon, RSS/Atom feeds, Jetstream),
    /// resuming where the last pull stopped.
    Pull(Box<PullArgs>),
    /// Poll every source a TOML file names, each at its interval, until Ctrl-C.
    Watch(WatchArgs),
    /// Run the per-post pipeline on posts (any format ingest reads) with no store: one JSON
    /// line per post on standard output, in input order, on all cores.
    Annotate(AnnotateArgs),
    /// Export a table (posts, mentions, events) or a computed series (image, relations,
    /// shocks) as CSV, JSON Lines or Parquet for R, pandas and DuckDB; events also as
    /// PLOVER-style JSON or ICEWS-style TSV. Schema: docs/EXPORT.md.
    Export(ExportArgs),
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub(crate) enum Format {
    /// Aligned columns for people.
    #[default]
    Table,
    /// JSON for programs.
    Json,
    /// CSV for spreadsheets, R, pandas.
    Csv,
}

#[derive(Debug, Args)]
pub(crate) struct IngestArgs {
    /// Files to read (`-` for standard input); gzip and zstd are decompressed. GDELT 2.0 files
    /// (`YYYYMMDDHHMMSS.export.CSV`, `.mentions.CSV`, `.gkg.csv`, zipped or not) are loaded into
    /// the store's GDELT tables, once each.
    #[arg(required = true)]
    pub(crate) paths: Vec<String>,
    /// The input format; detected from the extension and content when left out.
    #[arg(long)]
    pub(crate) format: Option<String>,
    /// Column mapping for JSONL and CSV, e.g. `text=content,created_at=publish_date,lang=language`.
    #[arg(long)]
    pub(crate) map: Option<String>,
    /// Platform name to record (twitter, mastodon, web…), overriding the format's own.
    #[arg(long)]
    pub(crate) platform: Option<String>,
    /// The files' text encoding, any WHATWG label (utf-8, windows-1252 or latin1, iso-8859-2,
    /// windows-1251, shift_jis, gbk, utf-16le…); detected when left out (byte order mark,
    /// UTF-16, UTF-8, then a charset detector). Bytes not valid in it become U+FFFD and are
    /// reported.
    #[arg(long, value_name = "LABEL")]
    pub(crate) encoding: Option<String>,
    /// Author handle for records that carry none (a leader's CSV export without an author
    /// column, e.g. `--author jokowi`); records that name their author keep it.
    #[arg(long)]
    pub(crate) author: Option<String>,
    /// The CSV delimiter, one character (`,` `;` `|`, or `tab`); read from the header line when
    /// left out.
    #[arg(long, value_name = "CHAR")]
    pub(crate) delimiter: Option<String>,
    /// The longest text a record may have, in bytes (default 4 MiB = 4194304); a longer one is
    /// rejected with its size and kept in `citra rejected`, and reading goes on.
    #[arg(long, value_name = "BYTES")]
    pub(crate) max_text_bytes: Option<usize>,
    /// Threads that annotate (default: all cores); the store is written by one more, in input
    /// order.
    #[arg(long, value_name = "N")]
    pub(crate) threads: Option<usize>,
    /// Print no progress and no per-record rejection lines.
    #[arg(long, short)]
    pub(crate) quiet: bool,
}

/// Whether mentions of leaders and officials count toward their country.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub(crate) enum LeadersArg {
    /// Count them while the person holds office for the country on the post's date.
    Include,
    /// Never count them (the default: the labelling guideline does not count leaders' names
    /// and @handles as mentions of their country).
    #[default]
    Exclude,
}

/// Whose voice counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub(crate) enum VoiceArg {
    /// Every author.
    #[default]
    All,
    /// Authors of another country than the target: its international image.
    Foreign,
    /// Authors of the target country itself.
    Domestic,
    /// Authors whose country is not known.
    Unknown,
}

/// What counts toward a country's image (shared by the commands that compute the index).
#[derive(Debug, Args)]
pub(crate) struct CountArgs {
    /// Mentions of leaders and officials (names, titles, @handles): `exclude` (default) or
    /// `include`, which counts them only while the person holds office for the country on the
    /// post's date (candidates and former holders never). An author's own name never counts.
    #[arg(long, value_enum, default_value_t)]
    pub(crate) leaders: LeadersArg,
    /// Whose voice: all (default), foreign (authors of another country: the international
    /// image), domestic (authors of the country itself) or unknown. The author's country comes
    /// from --authors, then from the actor registry's accounts on the post's date.
    #[arg(long, value_enum, default_value_t)]
    pub(crate) voice: VoiceArg,
    /// Author → country file: one `handle<TAB>ISO3` per line (`#` comments), e.g.
    /// `kompascom<TAB>IDN`; it wins over the actor registry for the handles it lists.
    #[arg(long, value_name = "FILE")]
    pub(crate) authors: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct ImageArgs {
    /// Country: ISO 3166 alpha-3 or alpha-2 code, or a name in any supported language.
    #[arg(long)]
    pub(crate) country: String,
    /// First day (YYYY-MM-DD), inclusive.
    #[arg(long)]
    pub(crate) from: Option<String>,
    /// Last day (YYYY-MM-DD), inclusive.
    #[arg(long)]
    pub(crate) to: Option<String>,
    /// Period of each row: day, week, month or year.
    #[arg(long, default_value = "day")]
    pub(crate) by: String,
    /// Only mentions with this theme: security, terrorism, drugs, migration, border, trade,
    /// tariffs, economy, energy, health, climate, human_rights, culture, film, music, sport,
    /// tourism, education, religion, diplomacy_visits, aid.
    #[arg(long)]
    pub(crate) theme: Option<String>,
    /// Only mentions with an action coded about them: a quad class (verbal_coop, material_coop,
    /// verbal_conflict, material_conflict) or a CAMEO root 1-20 (13 = threaten).
    #[arg(long)]
    pub(crate) action: Option<String>,
    /// Also one series per segment, with a leading column of the segment: lang (the
    /// document's language), author (the handle) or voice (foreign, domestic, unknown).
    #[arg(long, value_name = "lang|author|voice")]
    pub(crate) split: Option<String>,
    /// One series per voice (foreign, domestic, unknown), with a `voice` column: `--split voice`.
    #[arg(long, conflicts_with = "split")]
    pub(crate) by_voice: bool,
    /// Whose coding: citra's index (the default) or gdelt's tone toward the country (the mean
    /// AvgTone of the loaded GDELT 2.0 events whose Actor2 is the country, on GDELT's -100..100
    /// scale, not the index's; no --theme, --action or --split).
    #[arg(long, value_name = "CODER", default_value = "citra")]
    pub(crate) coder: String,
    #[command(flatten)]
    pub(crate) count: CountArgs,
    /// Leave out the posts of accounts in coordination clusters (`coordinated`: the clusters
    /// `citra coordination` finds over the same range, with --window, --min-repeats and
    /// --objects).
    #[arg(long, value_name = "coordinated")]
    pub(crate) exclude: Option<String>,
    #[command(flatten)]
    pub(crate) coord: CoordArgs,
    /// Count each near-duplicate story once (`story`: the stories `citra stories` finds over the
    /// same range, with --threshold and --min-words): the first copy stands for all, weighted by
    /// their engagement summed; the table gains a `merged` column (mentions folded in).
    #[arg(long, value_name = "story")]
    pub(crate) dedupe: Option<String>,
    #[command(flatten)]
    pub(crate) story: StoryArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub(crate) format: Format,
}

/// What a near-duplicate story is (`citra stories`, `image --dedupe story`).
#[derive(Debug, Args)]
pub(crate) struct StoryArgs {
    /// Two texts are the same story when the Jaccard index of their word 3-shingles (links,
    /// handles and hashtags removed) is at least this (above 0, at most 1). Default 0.6: the
    /// lowest with precision of at least 0.95 on the labelled pairs.
    #[arg(long, value_name = "SIMILARITY")]
    pub(crate) threshold: Option<String>,
    /// Texts with fewer words than this are never copies ("Thank you!"). Default 5.
    #[arg(long, value_name = "N")]
    pub(crate) min_words: Option<String>,
}

#[derive(Debug, Args)]
pub(crate) struct StoriesArgs {
    /// Only stories whose documents mention this country (code or name); the stories are
    /// found over every post of the range.
    #[arg(long)]
    pub(crate) country: Option<String>,
    /// First day (YYYY-MM-DD), inclusive.
    #[arg(long)]
    pub(crate) from: Option<String>,
    /// Last day (YYYY-MM-DD), inclusive.
    #[arg(long)]
    pub(crate) to: Option<String>,
    #[command(flatten)]
    pub(crate) story: StoryArgs,
    /// Show this many stories (most copies first).
    #[arg(long, default_value_t = 20)]
    pub(crate) top: usize,
    /// Output format: a table of stories with their first posts, the answer's JSON, or CSV
    /// (one row per story).
    #[arg(long, value_enum, default_value_t)]
    pub(crate) format: Format,
}

/// What coordination looks for (`citra coordination`, `image --exclude coordinated`,
/// `actors --coordination`).
#[derive(Debug, Args)]
pub(crate) struct CoordArgs {
    /// Coordination window: two shares of the same object co-occur when at most this far
    /// apart (seconds, or 10s, 1m, 5m, 1h; at most a day). Default 10s (CooRTweet's). Where
    /// every post time is a whole minute (the IRA data), 10s means "stamped the same minute".
    #[arg(long, value_name = "DURATION")]
    pub(crate) window: Option<String>,
    /// A pair of accounts is an edge when it co-shared at least this many distinct objects
    /// within the window. Default 2.
    #[arg(long, value_name = "N")]
    pub(crate) min_repeats: Option<String>,
    /// Kinds of object compared, separated by commas: text (near-identical texts), reshare
    /// (the same reshared post), url, hashtag. Default text,reshare,url.
    #[arg(long, value_name = "KINDS")]
    pub(crate) objects: Option<String>,
}

#[derive(Debug, Args)]
pub(crate) struct CoordinationArgs {
    /// Only clusters whose coordinated posts mention this country (code or name); the network
    /// is found over every post of the range.
    #[arg(long)]
    pub(crate) country: Option<String>,
    /// First day (YYYY-MM-DD), inclusive.
    #[arg(long)]
    pub(crate) from: Option<String>,
    /// Last day (YYYY-MM-DD), inclusive.
    #[arg(long)]
    pub(crate) to: Option<String>,
    #[command(flatten)]
    pub(crate) coord: CoordArgs,
    /// Show this many clusters (largest first).
    #[arg(long, default_value_t = 20)]
    pub(crate) top: usize,
    /// Output format: a table of clusters with their evidence, the answer's JSON, or CSV (one
    /// row per edge).
    #[arg(long, value_enum, default_value_t)]
    pub(crate) format: Format,
}

#[derive(Debug, Args)]
pub(crate) struct ReactionsArgs {
    /// The act: a post's id (a platform's id such as 938517073508163584, twitter:ID, #STORE-ID
    /// or a document key). With --actor, the last day of the acts instead (YYYY-MM-DD).
    #[arg(long, value_name = "POST_ID|DAY")]
    pub(crate) to: Option<String>,
    /// The act by its id, as --to takes it (an alias that never reads as a day).
    #[arg(long, value_name = "POST_ID", conflicts_with = "actor")]
    pub(crate) post: Option<String>,
    /// Every act of this author (a handle, or a registry actor id such as usa-trump) between
    /// --from and --to.
    #[arg(long)]
    pub(crate) actor: Option<String>,
    /// First day of the acts (YYYY-MM-DD), inclusive; with --actor.
    #[arg(long)]
    pub(crate) from: Option<String>,
    /// How long after the act an answer may come: hours, or 90m, 72h, 3d (at most 31 days).
    #[arg(long, default_value = "72h", value_name = "DURATION")]
    pub(crate) within: String,
    /// Least |tone| toward a country that makes a post an act (0 to 1).
    #[arg(long, default_value_t = 0.5)]
    pub(crate) min_tone: f64,
    /// Show this many acts (most answers first).
    #[arg(long, default_value_t = 20)]
    pub(crate) top: usize,
    /// Output format: a table of answers, the answer's JSON, or CSV (one row per answer).
    #[arg(long, value_enum, default_value_t)]
    pub(crate) format: Format,
}

#[derive(Debug, Args)]
pub(crate) struct RebuttalsArgs {
    /// The attacked country (code or name).
    #[arg(long)]
    pub(crate) country: String,
    /// First day of the attacks (YYYY-MM-DD), inclusive.
    #[arg(long)]
    pub(crate) from: Option<String>,
    /// Last day of the attacks (YYYY-MM-DD), inclusive.
    #[arg(long)]
    pub(crate) to: Option<String>,
    /// How long after an attack an answer may come: hours, or 90m, 72h, 3d.
    #[arg(long, default_value = "72h", value_name = "DURATION")]
    pub(crate) within: String,
    /// Least |tone| of an attack (0 to 1).
    #[arg(long, default_value_t = 0.5)]
    pub(crate) min_tone: f64,
    /// Days of each recovery window (before the attack, after the answer).
    #[arg(long, default_value_t = 7)]
    pub(crate) baseline_days: i64,
    /// Show this many attacks (latest first).
    #[arg(long, default_value_t = 20)]
    pub(crate) top: usize,
    #[command(flatten)]
    pub(crate) count: CountArgs,
    /// Output format: a table of attacks, the answer's JSON, or CSV (one row per attack).
    #[arg(long, value_enum, default_value_t)]
    pub(crate) format: Format,
}

#[derive(Debug, Args)]
pub(crate) struct MentionsArgs {
    /// The text; read from standard input when left out.
    pub(crate) text: Option<String>,
    /// Language of the text (ISO 639-1 or 639-3); detected when left out.
    #[arg(long)]
    pub(crate) lang: Option<String>,
    /// Show which words and rules gave each target its tone.
    #[arg(long)]
    pub(crate) explain: bool,
    /// The post's date (YYYY-MM-DD): decides who held an office ("Presiden RI") and whether an
    /// actor was in office or a former holder then.
    #[arg(long)]
    pub(crate) date: Option<String>,
    /// Extra actor tables: a .tsv file or a folder holding actors.tsv, roles.tsv and
    /// accounts.tsv (repeatable; CITRA_ACTORS=path1:path2 adds more); their rows extend or
    /// override the shipped registry by id (see crates/mentions/data/actors/README.md).
    #[arg(long = "actors", value_name = "FILE")]
    pub(crate) actors: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub(crate) format: Format,
}

#[derive(Debug, Args)]
pub(crate) struct EvalArgs {
    /// Task: langid, mentions, tone, target-tone or events.
    pub(crate) task: String,
    /// Gold file (JSONL, the format of examples/gold/README.md).
    pub(crate) gold: PathBuf,
    /// Mention kinds that count for the mentions task (comma-separated).
    #[arg(long, default_value = "name,abbreviation")]
    pub(crate) kinds: String,
    /// Output format (table or json).
    #[arg(long, value_enum, default_value_t)]
    pub(crate) format: Format,
    /// List up to this many errors in the table output.
    #[arg(long, default_value_t = 20)]
    pub(crate) errors: usize,
    /// Events task: extra actor dictionary (lines `name<TAB>code`), e.g.
    /// crates/actions/data/eval/petrarch2-actors.tsv for the PETRARCH2 records.
    #[arg(long)]
    pub(crate) actors: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct PullArgs {
    /// bluesky, mastodon, rss or jetstream.
    pub(crate) kind: String,
    /// Feed URLs (rss).
    pub(crate) feeds: Vec<String>,
    /// An account: a Bluesky handle or DID, a Mastodon `user` or `user@host` (repeatable).
    #[arg(long = "account")]
    pub(crate) accounts: Vec<String>,
    /// A Bluesky search query, newest first (repeatable).
    #[arg(long = "query")]
    pub(crate) queries: Vec<String>,
    /// A Mastodon hashtag, without `#` (repeatable).
    #[arg(long = "hashtag")]
    pub(crate) hashtags: Vec<String>,
    /// The Mastodon public timeline: `local` or `all`.
    #[arg(long)]
    pub(crate) public: Option<String>,
    /// The Mastodon instance, e.g. `https://mastodon.social`.
    #[arg(long)]
    pub(crate) instance: Option<String>,
    /// The Bluesky AppView (default `https://public.api.bsky.app`).
    #[arg(long)]
    pub(crate) appview: Option<String>,
    /// Bluesky queries: only posts in this language.
    #[arg(long)]
    pub(crate) lang: Option<String>,
    /// How far back a first pull reads (YYYY-MM-DD or an RFC 3339 time); Bluesky queries
    /// also pass it to the search.
    #[arg(long)]
    pub(crate) since: Option<String>,
    /// Bluesky queries: only posts before this time.
    #[arg(long)]
    pub(crate) until: Option<String>,
    /// A feed list (rss): OPML, or one URL a line.
    #[arg(long)]
    pub(crate) feed_list: Option<PathBuf>,
    /// rss: fetch each new item's page and keep its main text.
    #[arg(long)]
    pub(crate) articles: bool,
    /// Jetstream's URL (default `wss://jetstream2.us-east.bsky.network/subscribe`).
    #[arg(long)]
    pub(crate) url: Option<String>,
    /// Jetstream: only these DIDs (repeatable).
    #[arg(long = "did")]
    pub(crate) dids: Vec<String>,
    /// Jetstream: these collections (repeatable; default app.bsky.feed.post).
    #[arg(long = "collection")]
    pub(crate) collections: Vec<String>,
    /// Jetstream: read this long (e.g. 60s, 10m).
    #[arg(long, default_value = "60s")]
    pub(crate) duration: String,
    /// Stop after this many pages (the next pull goes on from there).
    #[arg(long)]
    pub(crate) max_pages: Option<u64>,
    /// The least time between two requests to the host (default: the platform's limit).
    #[arg(long)]
    pub(crate) min_interval: Option<String>,
    /// Give up on a request after this long.
    #[arg(long, default_value = "30s")]
    pub(crate) timeout: String,
    /// No progress lines.
    #[arg(long, short)]
    pub(crate) quiet: bool,
}

#[derive(Debug, Args)]
pub(crate) struct AnnotateArgs {
    /// Files to read (`-` or none: standard input); gzip and zstd are decompressed.
    pub(crate) paths: Vec<String>,
    /// The input format; detected when left out (as for ingest).
    #[arg(long)]
    pub(crate) format: Option<String>,
    /// Column mapping for JSONL and CSV, as for ingest.
    #[arg(long)]
    pub(crate) map: Option<String>,
    /// Platform name to record.
    #[arg(long)]
    pub(crate) platform: Option<String>,
    /// Worker threads (default: all cores).
    #[arg(long)]
    pub(crate) threads: Option<usize>,
    /// No summary line on standard error.
    #[arg(long, short)]
    pub(crate) quiet: bool,
}

#[derive(Debug, Args)]
pub(crate) struct WatchArgs {
    /// The TOML file naming the sources (see README, "Watching live sources").
    pub(crate) config: PathBuf,
    /// Poll every source once, then exit.
    #[arg(long)]
    pub(crate) once: bool,
    /// No progress lines.
    #[arg(long, short)]
    pub(crate) quiet: bool,
}

#[derive(Debug, Args)]
pub(crate) struct RejectedArgs {
    /// At most this many rows, newest first (1 to 1000; default 100).
    #[arg(long)]
    pub(crate) limit: Option<usize>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub(crate) format: Format,
}

#[derive(Debug, Args)]
pub(crate) struct CompareGdeltArgs {
    /// First day (YYYY-MM-DD) of GDELT's events (SQLDATE), inclusive.
    #[arg(long)]
    pub(crate) from: Option<String>,
    /// Last day (YYYY-MM-DD), inclusive.
    #[arg(long)]
    pub(crate) to: Option<String>,
    /// Output format: a summary and one row per article (table), the whole answer (json), or
    /// one row per article (csv).
    #[arg(long, value_enum, default_value_t)]
    pub(crate) format: Format,
}

#[derive(Debug, Args)]
pub(crate) struct DemoArgs {
    /// Where to build the demo store (replaced if it exists).
    #[arg(long, default_value = "citra-demo.db")]
    pub(crate) out: PathBuf,
}

#[derive(Debug, Args)]
pub(crate) struct ShocksArgs {
    /// Country: ISO 3166 alpha-3 or alpha-2 code, or a name in any supported language.
    #[arg(long)]
    pub(crate) country: String,
    /// First day (YYYY-MM-DD), inclusive.
    #[arg(long)]
    pub(crate) from: Option<String>,
    /// Last day (YYYY-MM-DD), inclusive.
    #[arg(long)]
    pub(crate) to: Option<String>,
    /// Period of the series: day, week or month (week suits a few posts a week).
    #[arg(long, default_value = "week")]
    pub(crate) by: String,
    /// Least mentions per bin: sparser periods are pooled with the following ones.
    #[arg(long, default_value_t = 5)]
    pub(crate) min_mentions: u64,
    /// Penalty per change point: bic (2 ln B), mbic (3 ln B) or a number.
    #[arg(long, default_value = "bic")]
    pub(crate) penalty: String,
    /// Only the N largest changes (by |size|), still in date order.
    #[arg(long)]
    pub(crate) top: Option<usize>,
    #[command(flatten)]
    pub(crate) count: CountArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub(crate) format: Format,
}

#[derive(Debug, Args)]
pub(crate) struct ExplainArgs {
    /// Country: ISO 3166 alpha-3 or alpha-2 code, or a name in any supported language.
    #[arg(long)]
    pub(crate) country: String,
    /// The change point's date (YYYY-MM-DD): explains the `--window` days from it against the
    /// same number of days before it.
    #[arg(long, conflicts_with_all = ["from", "to"])]
    pub(crate) shock: Option<String>,
    /// Days in the window and the baseline with `--shock`.
    #[arg(long, default_value_t = 28)]
    pub(crate) window: u32,
    /// First day of the window (YYYY-MM-DD), inclusive.
    #[arg(long, requires = "to")]
    pub(crate) from: Option<String>,
    /// Last day of the window (YYYY-MM-DD), inclusive.
    #[arg(long, requires = "from")]
    pub(crate) to: Option<String>,
    /// First day of the baseline; by default the baseline is as long as the window, just before.
    #[arg(long, requires = "baseline_to")]
    pub(crate) baseline_from: Option<String>,
    /// Last day of the baseline, inclusive.
    #[arg(long, requires = "baseline_from")]
    pub(crate) baseline_to: Option<String>,
    /// Posts and actors to list.
    #[arg(long, default_value_t = 10)]
    pub(crate) top: usize,
    #[command(flatten)]
    pub(crate) count: CountArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub(crate) format: Format,
}

#[derive(Debug, Args)]
pub(crate) struct CampaignArgs {
    /// Country: ISO 3166 alpha-3 or alpha-2 code, or a name in any supported language.
    #[arg(long)]
    pub(crate) country: String,
    /// Topic terms, comma-separated: words, phrases or hashtags (`coco,#coco,día de muertos`).
    #[arg(long)]
    pub(crate) topic: String,
    /// First day (YYYY-MM-DD), inclusive.
    #[arg(long)]
    pub(crate) from: Option<String>,
    /// Last day (YYYY-MM-DD), inclusive.
    #[arg(long)]
    pub(crate) to: Option<String>,
    /// Split before and after this day (YYYY-MM-DD; the day itself counts as after).
    #[arg(long)]
    pub(crate) at: Option<String>,
    #[command(flatten)]
    pub(crate) count: CountArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub(crate) format: Format,
}

#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    /// Address to listen on; the default keeps the server on this machine.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub(crate) addr: String,
    /// Port to listen on, on the host of --addr (`--port 9000` is `--addr 127.0.0.1:9000`).
    #[arg(long)]
    pub(crate) port: Option<u16>,
    /// File whose first line is the bearer token that allows `POST /api/v1/ingest`; without
    /// it, writes are off.
    #[arg(long)]
    pub(crate) token_file: Option<PathBuf>,
    /// Author → country file for the API's `voice` parameter: one `handle<TAB>ISO3` per line.
    #[arg(long, value_name = "FILE")]
    pub(crate) authors: Option<PathBuf>,
    /// The longest a heavy query (actors, relations, cascades, campaigns) may run before it is
    /// stopped and answered 503 [default: 30].
    #[arg(long, value_name = "SECS")]
    pub(crate) query_timeout: Option<f64>,
    /// How many heavy queries run at once; one more is answered 503 with Retry-After at once
    /// [default: half the CPUs, 1 to 4].
    #[arg(long, value_name = "N")]
    pub(crate) heavy_queries: Option<usize>,
}

#[derive(Debug, Args)]
pub(crate) struct CascadesArgs {
    /// Only cascades whose root post mentions this country (code or name).
    #[arg(long)]
    pub(crate) country: Option<String>,
    /// Only cascades whose root post is by this author (handle, `@` optional).
    #[arg(long)]
    pub(crate) actor: Option<String>,
    /// First day (YYYY-MM-DD), inclusive: cascades are built from the posts of the range.
    #[arg(long)]
    pub(crate) from: Option<String>,
    /// Last day (YYYY-MM-DD), inclusive.
    #[arg(long)]
    pub(crate) to: Option<String>,
    /// Show this many cascades (largest first), or posts when reach comes from counts.
    #[arg(long, default_value_t = 20)]
    pub(crate) top: usize,
    /// Only cascades of at least this many posts.
    #[arg(long, default_value_t = 2)]
    pub(crate) min_size: usize,
    /// Also link posts without reshare ids: `RT @user:` posts to that user's original, and
    /// identical texts to the earliest post by another author (counted as inferred links).
    #[arg(long)]
    pub(crate) infer: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub(crate) format: Format,
}

/// Orders of the actor leaderboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub(crate) enum ActorSortArg {
    /// Total engagement.
    #[default]
    Engagement,
    /// Engagement per post.
    PerPost,
    /// Number of posts.
    Posts,
}

#[derive(Debug, Args)]
pub(crate) struct ActorsArgs {
    /// Only actors who talk about this country (code or name).
    #[arg(long)]
    pub(crate) country: Option<String>,
    /// Only actors of this country, as the actor registry knows them.
    #[arg(long)]
    pub(crate) of: Option<String>,
    /// First day (YYYY-MM-DD), inclusive.
    #[arg(long)]
    pub(crate) from: Option<String>,
    /// Last day (YYYY-MM-DD), inclusive.
    #[arg(long)]
    pub(crate) to: Option<String>,
    /// Show this many actors.
    #[arg(long, default_value_t = 20)]
    pub(crate) top: usize,
    /// Order of the rows.
    #[arg(long, value_enum, default_value_t)]
    pub(crate) sort: ActorSortArg,
    /// Add a column with each actor's coordination cluster (`citra coordination` over the
    /// same range, with --window, --min-repeats and --objects), `-` for none.
    #[arg(long)]
    pub(crate) coordination: bool,
    #[command(flatten)]
    pub(crate) coord: CoordArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub(crate) format: Format,
}

/// Output formats of `citra relations`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub(crate) enum GraphFormat {
    /// Aligned columns for people.
    #[default]
    Table,
    /// JSON for programs.
    Json,
    /// CSV for spreadsheets, R, pandas.
    Csv,
    /// GraphML (Gephi, yEd, networkx, igraph).
    Graphml,
    /// GEXF 1.3 (Gephi).
    Gexf,
}

#[derive(Debug, Args)]
pub(crate) struct RelationsArgs {
    /// First day (YYYY-MM-DD), inclusive.
    #[arg(long)]
    pub(crate) from: Option<String>,
    /// Last day (YYYY-MM-DD), inclusive.
    #[arg(long)]
    pub(crate) to: Option<String>,
    /// Keep only pairs with at least this many documents.
    #[arg(long, default_value_t = 1)]
    pub(crate) min_docs: u64,
    /// Actor → country: the source is the author handle, known to the registry or not.
    #[arg(long)]
    pub(crate) actors: bool,
    /// Undirected pairs of countries named in the same documents, instead of the graph.
    #[arg(long)]
    pub(crate) co_mentions: bool,
    /// Keep a country's talk about itself (USA → USA).
    #[arg(long)]
    pub(crate) self_loops: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub(crate) format: GraphFormat,
    /// Write to this file instead of standard output.
    #[arg(long)]
    pub(crate) out: Option<PathBuf>,
    /// Author → country file: one `handle<TAB>ISO3` per line (`#` comments); the source country
    /// of those authors' documents, before the actor registry.
    #[arg(long, value_name = "FILE")]
    pub(crate) authors: Option<PathBuf>,
    /// Whose coding: citra's (who speaks of whom in the posts, the default) or gdelt's (the
    /// GDELT 2.0 events loaded by `citra ingest`: Actor1 country → Actor2 country, events per
    /// quad class, mean Goldstein and mean AvgTone; --min-docs is then the least events per
    /// edge).
    #[arg(long, value_name = "CODER", default_value = "citra")]
    pub(crate) coder: String,
}

/// Languages of `citra report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub(crate) enum ReportLang {
    /// English.
    #[default]
    En,
    /// Bahasa Indonesia.
    Id,
}

#[derive(Debug, Args)]
pub(crate) struct ReportArgs {
    /// A country to report on (code or name); repeat for several. Default: the store's three
    /// most mentioned countries.
    #[arg(long)]
    pub(crate) country: Vec<String>,
    /// First day (YYYY-MM-DD), inclusive.
    #[arg(long)]
    pub(crate) from: Option<String>,
    /// Last day (YYYY-MM-DD), inclusive.
    #[arg(long)]
    pub(crate) to: Option<String>,
    /// Language of the report.
    #[arg(long, value_enum, default_value_t)]
    pub(crate) lang: ReportLang,
    /// The HTML file to write (`-` for standard output).
    #[arg(long)]
    pub(crate) out: PathBuf,
    /// Change points explained per country: the largest this many (the report says how many
    /// it shows of how many found).
    #[arg(long, default_value_t = 6, value_name = "N")]
    pub(crate) max_shocks: usize,
    #[command(flatten)]
    pub(crate) count: CountArgs,
}

/// What `citra export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ExportWhat {
    /// One row per stored post or article.
    Posts,
    /// One row per country or actor mention, with its span and tone.
    Mentions,
    /// One row per coded action (CAMEO code, quad class, PLOVER type).
    Events,
    /// The citra index per country and day (as `citra image`).
    Image,
    /// The country → country relations per day (as `citra relations`).
    Relations,
    /// The change points of each country's index (as `citra shocks`).
    Shocks,
}

/// The file format of `citra export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ExportFormat {
    /// CSV with a header line (RFC 4180 quoting).
    Csv,
    /// One JSON object per line.
    Jsonl,
    /// Apache Parquet (Snappy), row groups of 65,536 rows.
    Parquet,
    /// PLOVER-style JSON, one event per line (--what events).
    Plover,
    /// ICEWS-style tab-separated columns (--what events or relations).
    Icews,
}

#[derive(Debug, Args)]
pub(crate) struct ExportArgs {
    /// The table: posts, mentions, events, image, relations or shocks.
    #[arg(long, value_enum)]
    pub(crate) what: ExportWhat,
    /// Only this country (alpha-3 or alpha-2 code, or a name): the posts that mention it, its
    /// mentions, the events where it acts or is acted on, its index and change points, the
    /// relations it is a source or target of. Every country when left out.
    #[arg(long)]
    pub(crate) country: Option<String>,
    /// First day (YYYY-MM-DD, UTC), inclusive.
    #[arg(long)]
    pub(crate) from: Option<String>,
    /// Last day (YYYY-MM-DD, UTC), inclusive.
    #[arg(long)]
    pub(crate) to: Option<String>,
    /// The file format.
    #[arg(long, value_enum)]
    pub(crate) format: ExportFormat,
    /// The file to write (`-` for standard output, except for Parquet). Written beside as
    /// PATH.partial and renamed when complete, so a failed export leaves no half file.
    #[arg(long)]
    pub(crate) out: PathBuf,
}
