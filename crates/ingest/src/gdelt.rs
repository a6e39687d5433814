//! GDELT 2.0 files: the 15-minute events export (`YYYYMMDDHHMMSS.export.CSV`, 61 columns), the
//! mentions file (`.mentions.CSV`, 16 columns) and the Global Knowledge Graph 2.1 (`.gkg.csv`,
//! 27 columns), as plain files or as the `.zip` archives GDELT ships
//! (`YYYYMMDDHHMMSS.export.CSV.zip`). The translingual files (`.translation.export.CSV`) are the
//! same formats.
//!
//! Rows are not posts: they are GDELT's coding of news articles, read into
//! `GdeltRow`s (`citra_model::gdelt::GdeltRow`) that the store keeps in tables of their own.
//! A file is recognised by its name ([`kind_of`]); [`open`] reads it as a stream of rows, one
//! tab-separated line each (no header, no quoting). A malformed row (wrong column count, a
//! number that is not one, an unknown quad class) is a [`RecordError`] with the file, its line
//! and the reason, and reading goes on.
//!
//! Zip archives are read with flate2's raw deflate over the archive's first local file header
//! (read by hand: GDELT's archives hold one file), streamed, with the entry's CRC-32 checked at
//! its end; no zip crate is needed, and nothing but the current line is held in memory.
//!
//! Actor country codes are CAMEO's, which are ISO 3166 alpha-3 except for a few
//! ([`cameo_to_iso3`]: `ROM` Romania → `ROU`, `TMP` East Timor → `TLS`, `MTN` Montenegro → `MNE`,
//! `IMY` Isle of Man → `IMN`, `WSB` West Bank and `GZS` Gaza Strip → `PSE`) and regions (`EUR`,
//! `MEA`, `WST`, …) that are no country; the raw code is kept beside the mapped one.

use crate::{Error, RecordError, Result};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use citra_model::Quad;
use citra_model::gdelt::{GdeltActor, GdeltEvent, GdeltGkg, GdeltKind, GdeltMention, GdeltRow};
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};

/// The kind of GDELT 2.0 file `path` names, from its file name: `YYYYMMDDHHMMSS.export.CSV`,
/// `.mentions.CSV`, `.gkg.csv` (any case; `.translation.` before the kind; `.zip` after it).
///
/// ```
/// use citra_ingest::gdelt::kind_of;
/// use citra_model::gdelt::GdeltKind;
/// assert_eq!(kind_of("data/20190607001500.export.CSV.zip"), Some(GdeltKind::Events));
/// assert_eq!(kind_of("20190607001500.translation.mentions.CSV"), Some(GdeltKind::Mentions));
/// assert_eq!(kind_of("export.csv"), None);
/// ```
pub fn kind_of(path: &str) -> Option<GdeltKind> {
    let name = file_key(path).to_ascii_lowercase();
    let (stamp, rest) = name.split_at_checked(14)?;
    if !stamp.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let rest = rest.strip_prefix(".translation").unwrap_or(rest);
    match rest {
        ".export.csv" => Some(GdeltKind::Events),
        ".mentions.csv" => Some(GdeltKind::Mentions),
        ".gkg.csv" => Some(GdeltKind::Gkg),
        _ => None,
    }
}

/// The name a GDELT file is known by, the same zipped or not: the file name without folders and
/// without `.zip` (`20190607001500.export.CSV`). The store marks files done by it.
pub fn file_key(path: &str) -> &str {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let len = name.len();
    if len > 4 && name.get(len - 4..).is_some_and(|s| s.eq_ignore_ascii_case(".zip")) {
        name.get(..len - 4).unwrap_or(name)
    } else {
        name
    }
}

/// The ISO 3166 alpha-3 code of a CAMEO country code: the same code for most countries, the
/// ISO one for the few that differ, `None` for regions (`AFR`, `EUR`, `MEA`, `WST`, …), cities
/// (`BAG`), obsolete entities (`ANT`) and anything that is not three letters.
///
/// ```
/// use citra_ingest::gdelt::cameo_to_iso3;
/// assert_eq!(cameo_to_iso3("USA").as_deref(), Some("USA"));
/// assert_eq!(cameo_to_iso3("ROM").as_deref(), Some("ROU"));
/// assert_eq!(cameo_to_iso3("WSB").as_deref(), Some("PSE"));
/// assert_eq!(cameo_to_iso3("EUR"), None);
/// ```
pub fn cameo_to_iso3(code: &str) -> Option<String> {
    let code = code.trim();
    if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let code = code.to_ascii_uppercase();
    if let Some((_, iso)) = CAMEO_DIFFERS.iter().find(|(c, _)| *c == code) {
        return Some((*iso).to_owned());
    }
    if CAMEO_NOT_COUNTRIES.contains(&code.as_str()) {
        return None;
    }
    Some(code)
}

/// CAMEO country codes that are not the ISO 3166 alpha-3 code of the same country (GDELT's
/// `CAMEO.country.txt` lookup against ISO 3166-1).
const CAMEO_DIFFERS: &[(&str, &str)] = &[
    ("ROM", "ROU"),
    ("TMP", "TLS"),
    ("MTN", "MNE"),
    ("IMY", "IMN"),
    ("WSB", "PSE"),
    ("GZS", "PSE"),
];

/// CAMEO "country" codes that name no country: regions, a city, an entity that no longer
/// exists.
const CAMEO_NOT_COUNTRIES: &[&str] = &[
    "AFR", "ASA", "BLK", "CRB", "CAU", "CFR", "CAS", "CEU", "EIN", "EAF", "EEU", "EUR", "LAM",
    "MEA", "MDT", "NAF", "NMR", "PGS", "SCN", "SAM", "SAS", "SEA", "SAF", "WAF", "WST", "BAG",
    "ANT",
];

/// A GDELT file being read: an iterator of rows or rejections.
pub struct GdeltReader {
    path: String,
    kind: GdeltKind,
    stream: Box<dyn BufRead + Send>,
    line: u64,
    buf: Vec<u8>,
    done: bool,
    damaged: bool,
}

impl std::fmt::Debug for GdeltReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GdeltReader")
            .field("path", &self.path)
            .field("kind", &self.kind)
            .field("line", &self.line)
            .finish_non_exhaustive()
    }
}

/// Opens a GDELT file of the kind its name says ([`kind_of`]), zipped or not (a zip is told by
/// its first bytes, `PK\x03\x04`).
///
/// Fails when the file cannot be opened, when its name is not a GDELT file's, or when a zip
/// archive's header is broken; damage later (a cut archive, a bad CRC) is a [`RecordError`]
/// after the rows before it, and [`GdeltReader::damaged`] is then true.
pub fn open(path: &str) -> Result<GdeltReader> {
    let kind = kind_of(path).ok_or_else(|| Error::UnknownFormat { path: path.to_owned() })?;
    let io_err = |source| Error::Io { path: path.to_owned(), source };
    let file = File::open(path).map_err(io_err)?;
    let mut buffered = BufReader::with_capacity(64 * 1024, file);
    let is_zip = buffered.fill_buf().map_err(io_err)?.starts_with(b"PK\x03\x04");
    let stream: Box<dyn BufRead + Send> = if is_zip {
        Box::new(BufReader::with_capacity(64 * 1024, ZipEntry::new(path, buffered)?))
    } else {
        Box::new(buffered)
    };
    Ok(GdeltReader {
        path: path.to_owned(),
        kind,
        stream,
        line: 0,
        buf: Vec::new(),
        done: false,
        damaged: false,
    })
}

impl GdeltReader {
    /// The kind of file.
    pub fn kind(&self) -> GdeltKind {
        self.kind
    }

    /// Whether reading stopped at damage (an I/O error, a cut or corrupt archive): the file was
    /// not read to its end, so it must not be marked done.
    pub fn damaged(&self) -> bool {
        self.damaged
    }
}

impl Iterator for GdeltReader {
    type Item = std::result::Result<GdeltRow, RecordError>;
    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if self.done {
                return None;
            }
            self.buf.clear();
            match self.stream.read_until(b'\n', &mut self.buf) {
                Ok(0) => {
                    self.done = true;
                    return None;
                }
                Ok(_) => {
                    self.line += 1;
                    while matches!(self.buf.last(), Some(b'\n' | b'\r')) {
                        self.buf.pop();
                    }
                    if self.buf.is_empty() {
                        continue;
                    }
                    let text = String::from_utf8_lossy(&self.buf).into_owned();
                    return Some(
                        parse_row(self.kind, &text).map_err(|reason| {
                            RecordError::new(&self.path, self.line, reason, &text)
                        }),
                    );
                }
                Err(e) => {
                    self.done = true;
                    self.damaged = true;
                    let partial = String::from_utf8_lossy(&self.buf).into_owned();
                    return Some(Err(RecordError::new(
                        &self.path,
                        self.line + 1,
                        format!(
                            "read error: {e}; the rows before this line were read, this file is not marked done (fix or download it again, then rerun)"
                        ),
                        &partial,
                    )));
                }
            }
        }
    }
}

/// Parses one line of a file of `kind`, or says what is wrong with it.
pub fn parse_row(kind: GdeltKind, line: &str) -> std::result::Result<GdeltRow, String> {
    let cols: Vec<&str> = line.split('\t').collect();
    if cols.len() != kind.columns() {
        let hint = match (kind, cols.len()) {
            (GdeltKind::Events, 57 | 58) => {
                " (a GDELT 1.0 events file has 57 or 58: read GDELT 2.0 files)"
            }
            (GdeltKind::Gkg, 11 | 15) => " (an older GKG file: read GKG 2.1 files)",
            _ => "",
        };
        return Err(format!(
            "expected {} tab-separated columns (GDELT 2.0 {} file), found {}{hint}",
            kind.columns(),
            kind.as_str(),
            cols.len()
        ));
    }
    let col = |i: usize| cols.get(i).map(|s| s.trim()).unwrap_or("");
    Ok(match kind {
        GdeltKind::Events => GdeltRow::Event(Box::new(event(&col)?)),
        GdeltKind::Mentions => GdeltRow::Mention(mention(&col)?),
        GdeltKind::Gkg => GdeltRow::Gkg(gkg(&col)?),
    })
}

fn opt(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_owned())
}

fn int(name: &str, s: &str) -> std::result::Result<i64, String> {
    s.parse().map_err(|_| format!("{name} '{}' is not a whole number", crate::truncate(s, 40)))
}

fn count(name: &str, s: &str) -> std::result::Result<u64, String> {
    if s.is_empty() {
        return Ok(0);
    }
    s.parse().map_err(|_| format!("{name} '{}' is not a count", crate::truncate(s, 40)))
}

fn real(name: &str, s: &str) -> std::result::Result<f64, String> {
    s.parse::<f64>()
        .ok()
        .filter(|f| f.is_finite())
        .ok_or_else(|| format!("{name} '{}' is not a number", crate::truncate(s, 40)))
}

/// `YYYYMMDDHHMMSS` as UTC.
fn stamp(name: &str, s: &str) -> std::result::Result<DateTime<Utc>, String> {
    NaiveDateTime::parse_from_str(s, "%Y%m%d%H%M%S")
        .map(|t| t.and_utc())
        .map_err(|_| format!("{name} '{}' is not a time YYYYMMDDHHMMSS", crate::truncate(s, 40)))
}

fn actor(code: &str, name: &str, country: &str) -> GdeltActor {
    GdeltActor {
        code: opt(code),
        name: opt(name),
        country_raw: opt(country),
        country: cameo_to_iso3(country),
    }
}

/// The GDELT 2.0 Event codebook's columns, 0-based: 0 GLOBALEVENTID, 1 SQLDATE, 5–7 Actor1Code,
/// Name, CountryCode, 15–17 the same of Actor2, 25 IsRootEvent, 26 EventCode, 27 EventBaseCode,
/// 28 EventRootCode, 29 QuadClass, 30 GoldsteinScale, 31 NumMentions, 32 NumSources,
/// 33 NumArticles, 34 AvgTone, 53 ActionGeo_CountryCode, 59 DATEADDED, 60 SOURCEURL.
fn event<'a>(col: &dyn Fn(usize) -> &'a str) -> std::result::Result<GdeltEvent, String> {
    let day = NaiveDate::parse_from_str(col(1), "%Y%m%d")
        .map_err(|_| format!("SQLDATE '{}' is not a day YYYYMMDD", crate::truncate(col(1), 40)))?;
    let quad = match col(29) {
        "1" => Quad::VerbalCoop,
        "2" => Quad::MaterialCoop,
        "3" => Quad::VerbalConflict,
        "4" => Quad::MaterialConflict,
        other => {
            return Err(format!("QuadClass '{}' is not 1, 2, 3 or 4", crate::truncate(other, 40)));
        }
    };
    let goldstein = real("GoldsteinScale", col(30))?;
    if !(-10.0..=10.0).contains(&goldstein) {
        return Err(format!("GoldsteinScale {goldstein} is outside -10..10"));
    }
    let code = col(26);
    if code.is_empty() || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("EventCode '{}' is not a CAMEO code", crate::truncate(code, 40)));
    }
    Ok(GdeltEvent {
        id: int("GLOBALEVENTID", col(0))?,
        day,
        actor1: actor(col(5), col(6), col(7)),
        actor2: actor(col(15), col(16), col(17)),
        is_root: match col(25) {
            "1" => true,
            "0" | "" => false,
            other => {
                return Err(format!("IsRootEvent '{}' is not 0 or 1", crate::truncate(other, 40)));
            }
        },
        code: code.to_owned(),
        base_code: col(27).to_owned(),
        root_code: col(28).to_owned(),
        quad,
        goldstein,
        num_mentions: count("NumMentions", col(31))?,
        num_sources: count("NumSources", col(32))?,
        num_articles: count("NumArticles", col(33))?,
        avg_tone: real("AvgTone", col(34))?,
        action_country: opt(col(53)),
        added: stamp("DATEADDED", col(59))?,
        source_url: opt(col(60)),
    })
}

/// The mentions table's columns: 0 GLOBALEVENTID, 1 EventTimeDate, 2 MentionTimeDate,
/// 3 MentionType, 4 MentionSourceName, 5 MentionIdentifier, 6 SentenceID, 11 Confidence,
/// 13 MentionDocTone.
fn mention<'a>(col: &dyn Fn(usize) -> &'a str) -> std::result::Result<GdeltMention, String> {
    let identifier = col(5);
    if identifier.is_empty() {
        return Err("MentionIdentifier is empty".to_owned());
    }
    let small = |name: &str, s: &str| -> std::result::Result<u8, String> {
        s.parse()
            .map_err(|_| format!("{name} '{}' is not a small whole number", crate::truncate(s, 40)))
    };
    Ok(GdeltMention {
        event_id: int("GLOBALEVENTID", col(0))?,
        event_time: stamp("EventTimeDate", col(1)).ok(),
        mention_time: stamp("MentionTimeDate", col(2))?,
        mention_type: small("MentionType", col(3))?,
        source_name: opt(col(4)),
        identifier: identifier.to_owned(),
        sentence: int("SentenceID", col(6))?,
        confidence: small("Confidence", col(11))?,
        doc_tone: real("MentionDocTone", col(13))?,
    })
}

/// The GKG 2.1 codebook's columns: 0 GKGRECORDID, 1 V2.1DATE, 3 V2SOURCECOMMONNAME,
/// 4 V2DOCUMENTIDENTIFIER, 9 V1LOCATIONS, 10 V2ENHANCEDLOCATIONS, 15 V1.5TONE.
fn gkg<'a>(col: &dyn Fn(usize) -> &'a str) -> std::result::Result<GdeltGkg, String> {
    let record_id = col(0);
    if record_id.is_empty() {
        return Err("GKGRECORDID is empty".to_owned());
    }
    let document = col(4);
    if document.is_empty() {
        return Err("V2DOCUMENTIDENTIFIER is empty".to_owned());
    }
    let tone = match col(15).split(',').next().map(str::trim) {
        None | Some("") => None,
        Some(t) => Some(real("V1.5TONE", t)?),
    };
    // Locations are `;`-separated blocks of `#`-separated fields; the country code is the third
    // field in both V1 (type#name#country#adm1#lat#long#feature) and V2 (… #adm1#adm2#…).
    let locations = if col(10).is_empty() { col(9) } else { col(10) };
    let mut countries: Vec<String> = Vec::new();
    for block in locations.split(';').filter(|b| !b.is_empty()) {
        if let Some(c) = block.split('#').nth(2).map(str::trim).filter(|c| !c.is_empty())
            && !countries.iter().any(|x| x == c)
        {
            countries.push(c.to_owned());
        }
    }
    Ok(GdeltGkg {
        record_id: record_id.to_owned(),
        date: stamp("V2.1DATE", col(1))?,
        source_name: opt(col(3)),
        document: document.to_owned(),
        tone,
        countries,
    })
}

/// The first entry of a zip archive, decompressed as it is read, its CRC-32 checked at its end.
struct ZipEntry {
    inner: ZipData,
    crc: flate2::Crc,
    expected_crc: Option<u32>,
    descriptor: bool,
    finished: bool,
}

enum ZipData {
    Deflate(flate2::bufread::DeflateDecoder<BufReader<File>>),
    Stored(io::Take<BufReader<File>>),
}

impl ZipEntry {
    fn new(path: &str, mut r: BufReader<File>) -> Result<ZipEntry> {
        let bad =
            |reason: String| Error::Compression { path: path.to_owned(), codec: "zip", reason };
        let mut header = [0u8; 30];
        r.read_exact(&mut header).map_err(|e| bad(format!("local file header: {e}")))?;
        let u16_at = |i: usize| u16::from_le_bytes([header[i], header[i + 1]]);
        let u32_at =
            |i: usize| u32::from_le_bytes([header[i], header[i + 1], header[i + 2], header[i + 3]]);
        let flags = u16_at(6);
        let method = u16_at(8);
        let crc = u32_at(14);
        let compressed = u32_at(18);
        let skip = u64::from(u16_at(26)) + u64::from(u16_at(28));
        io::copy(&mut (&mut r).take(skip), &mut io::sink())
            .map_err(|e| bad(format!("entry name: {e}")))?;
        if flags & 1 != 0 {
            return Err(bad("the entry is encrypted".to_owned()));
        }
        let descriptor = flags & 8 != 0;
        let inner = match method {
            8 => ZipData::Deflate(flate2::bufread::DeflateDecoder::new(r)),
            0 if !descriptor => ZipData::Stored(r.take(u64::from(compressed))),
            0 => return Err(bad("a stored entry of unknown size (data descriptor)".to_owned())),
            m => {
                return Err(bad(format!(
                    "compression method {m} (only deflate and stored are read; unzip it first)"
                )));
            }
        };
        Ok(ZipEntry {
            inner,
            crc: flate2::Crc::new(),
            expected_crc: (!descriptor).then_some(crc),
            descriptor,
            finished: false,
        })
    }

    /// At the end of the data: the CRC from the header, or from the data descriptor after it.
    fn check(&mut self) -> io::Result<()> {
        let expected = match self.expected_crc {
            Some(c) => c,
            None => {
                let r: &mut BufReader<File> = match &mut self.inner {
                    ZipData::Deflate(d) => d.get_mut(),
                    ZipData::Stored(t) => t.get_mut(),
                };
                let mut word = [0u8; 4];
                r.read_exact(&mut word)?;
                if u32::from_le_bytes(word) == 0x0807_4b50 {
                    r.read_exact(&mut word)?;
                }
                u32::from_le_bytes(word)
            }
        };
        if expected != self.crc.sum() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "zip entry CRC-32 is {:08x}, expected {expected:08x}: the archive is damaged",
                    self.crc.sum()
                ),
            ));
        }
        let _ = self.descriptor;
        Ok(())
    }
}

impl Read for ZipEntry {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.finished {
            return Ok(0);
        }
        let n = match &mut self.inner {
            ZipData::Deflate(d) => d.read(buf),
            ZipData::Stored(t) => t.read(buf),
        }
        .map_err(|e| {
            io::Error::new(e.kind(), format!("the zip archive is cut short or damaged ({e})"))
        })?;
        if n == 0 {
            self.finished = true;
            self.check()?;
            return Ok(0);
        }
        self.crc.update(buf.get(..n).unwrap_or_default());
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gdelt010_kinds_by_name() {
        let rows: &[(&str, Option<GdeltKind>)] = &[
            ("20190607000000.export.CSV", Some(GdeltKind::Events)),
            ("/x/y/20190607000000.export.CSV.zip", Some(GdeltKind::Events)),
            ("20190607000000.EXPORT.csv.ZIP", Some(GdeltKind::Events)),
            ("20190607000000.mentions.CSV", Some(GdeltKind::Mentions)),
            ("20190607000000.gkg.csv.zip", Some(GdeltKind::Gkg)),
            ("20190607000000.translation.export.CSV.zip", Some(GdeltKind::Events)),
            ("2019060700000.export.CSV", None),
            ("20190607000000.export.tsv", None),
            ("export.CSV", None),
            ("posts.csv", None),
        ];
        for (name, want) in rows {
            assert_eq!(kind_of(name), *want, "{name}");
        }
        assert_eq!(file_key("a/b/20190607000000.export.CSV.zip"), "20190607000000.export.CSV");
        assert_eq!(file_key("20190607000000.gkg.csv"), "20190607000000.gkg.csv");
    }

    #[test]
    fn gdelt020_cameo_countries() {
        let rows: &[(&str, Option<&str>)] = &[
            ("USA", Some("USA")),
            ("IDN", Some("IDN")),
            ("ROM", Some("ROU")),
            ("TMP", Some("TLS")),
            ("MTN", Some("MNE")),
            ("IMY", Some("IMN")),
            ("GZS", Some("PSE")),
            ("SAF", None),
            ("WST", None),
            ("", None),
            ("USAGOV", None),
        ];
        for (code, want) in rows {
            assert_eq!(cameo_to_iso3(code).as_deref(), *want, "{code}");
        }
    }

    fn event_line(fix: &[(usize, &str)]) -> String {
        let mut cols = vec![""; 61];
        let base: &[(usize, &str)] = &[
            (0, "829425330"),
            (1, "20190607"),
            (5, "IDNGOV"),
            (6, "INDONESIA"),
            (7, "IDN"),
            (15, "MEX"),
            (16, "MEXICO"),
            (17, "MEX"),
            (25, "1"),
            (26, "043"),
            (27, "043"),
            (28, "04"),
            (29, "1"),
            (30, "2.8"),
            (31, "10"),
            (32, "2"),
            (33, "10"),
            (34, "3.5"),
            (53, "ID"),
            (59, "20190607001500"),
            (60, "https://example.com/a"),
        ];
        for (i, v) in base.iter().chain(fix) {
            cols[*i] = v;
        }
        cols.join("\t")
    }

    #[test]
    fn gdelt030_event_rows() {
        let GdeltRow::Event(e) = parse_row(GdeltKind::Events, &event_line(&[])).unwrap() else {
            panic!()
        };
        assert_eq!((e.id, e.day.to_string()), (829425330, "2019-06-07".to_owned()));
        assert_eq!(e.actor1.country.as_deref(), Some("IDN"));
        assert_eq!(e.quad, Quad::VerbalCoop);
        assert_eq!(e.added.to_rfc3339(), "2019-06-07T00:15:00+00:00");
        let rows: &[(&[(usize, &str)], &str)] = &[
            (&[(0, "x1")], "GLOBALEVENTID 'x1' is not a whole number"),
            (&[(29, "5")], "QuadClass '5' is not 1, 2, 3 or 4"),
            (&[(30, "-12")], "GoldsteinScale -12 is outside -10..10"),
            (&[(34, "NaN")], "AvgTone 'NaN' is not a number"),
            (&[(1, "2019-06-07")], "SQLDATE '2019-06-07' is not a day YYYYMMDD"),
            (&[(59, "x")], "DATEADDED 'x' is not a time YYYYMMDDHHMMSS"),
        ];
        for (fix, want) in rows {
            assert_eq!(parse_row(GdeltKind::Events, &event_line(fix)).unwrap_err(), *want);
        }
        let short = parse_row(GdeltKind::Events, &vec!["1"; 58].join("\t")).unwrap_err();
        assert!(short.contains("expected 61") && short.contains("GDELT 1.0"), "{short}");
    }

    #[test]
    fn gdelt040_gkg_tone_and_countries() {
        let mut cols = vec![""; 27];
        cols[0] = "20190607000000-3";
        cols[1] = "20190607000000";
        cols[3] = "example.com";
        cols[4] = "https://example.com/a";
        cols[10] = "1#Mexico#MX#MX##23#-102#MX#120;4#Jakarta, Jakarta Raya, Indonesia#ID#ID04##-6.2#106.8#-2679652#300;1#Mexico#MX#MX##23#-102#MX#410";
        cols[15] = "-2.5,1.2,3.7,4.9,20.1,0.4,512";
        let GdeltRow::Gkg(g) = parse_row(GdeltKind::Gkg, &cols.join("\t")).unwrap() else {
            panic!()
        };
        assert_eq!(g.tone, Some(-2.5));
        assert_eq!(g.countries, ["MX", "ID"]);
    }
}
